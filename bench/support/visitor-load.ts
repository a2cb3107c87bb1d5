import { io, type Socket } from 'socket.io-client';

/** Questions the demo knowledge base answers, in Chinese and English. */
export const QUESTIONS = ['课程可以退款吗', '怎么预约试听课', '发票怎么开', 'how much is a one-on-one lesson', '上课用什么设备', 'can I pay with alipay', '老师是哪里人', '怎么调课'];

/** Connects `n` visitor sockets, spread over `urls`, 100 at a time; a failed connection is counted, not thrown. */
export async function connectVisitors(urls: readonly string[], n: number): Promise<{ sockets: Socket[]; errors: number }> {
  const sockets: Socket[] = [];
  let errors = 0;
  for (let i = 0; i < n; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, n - i) }, (_, k) => {
      const socket = io(`${urls[(i + k) % urls.length]}/visitor`, { transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      return new Promise<void>((resolve) => {
        socket.once('session', () => resolve());
        socket.once('connect_error', () => {
          errors++;
          resolve();
        });
      });
    }));
  }
  return { sockets, errors };
}

/** Asks one question and waits for the bot's reply: the round trip in ms, or undefined when it was not acknowledged or answered within 30 s. */
export async function timedQuestion(socket: Socket, clientId: string, text: string): Promise<number | undefined> {
  const sent = performance.now();
  const replied = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 30_000);
    const onMessage = (m: { type: string }) => {
      if (!m.type.startsWith('bot')) return;
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve(true);
    };
    socket.on('message', onMessage);
  });
  const ack = (await socket.timeout(30_000).emitWithAck('message:send', { clientId, text }).catch(() => ({ ok: false }))) as { ok: boolean };
  return ack.ok && (await replied) ? performance.now() - sent : undefined;
}
