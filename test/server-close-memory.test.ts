import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Bot } from '../packages/core/src/index.ts';
import { startServer } from '../packages/server/src/index.ts';
import { call, connectVisitor } from './support/clients.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Starts a server, has a visitor ask something (so a recoverable session is kept), closes it; the bot it used is returned weakly. */
async function serveAndClose(): Promise<WeakRef<Bot>> {
  const server = await startServer({ port: 0, knowledge: KB });
  const visitor = await connectVisitor(server.url);
  expect(await call(visitor.socket, 'message:send', { clientId: 'q1', text: '课程可以退款吗' })).toMatchObject({ ok: true });
  const bot = new WeakRef(server.bot());
  await server.close();
  visitor.socket.close();
  return bot;
}

describe('a server started and closed in a process that goes on (a library user, a test)', () => {
  it('lets go of everything it held: its bot is garbage once the server is closed', async () => {
    const bot = await serveAndClose();
    for (let i = 0; i < 5 && bot.deref(); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      gc();
    }
    expect(bot.deref()).toBeUndefined();
  });
});
