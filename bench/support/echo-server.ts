import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';

// A bare socket.io server speaking the same visitor events: it acknowledges and echoes, nothing else.
const http = createServer();
const io = new Server(http, { maxHttpBufferSize: 64 * 1024 });
// With REDIS_URL the echo goes through the same Redis adapter as a clustered chatbot node (a fair baseline).
const redisUrl = process.env['REDIS_URL'];
if (redisUrl) {
  const pub = new Redis(redisUrl);
  io.adapter(createAdapter(pub, pub.duplicate(), { key: `echo-bench:${process.env['ECHO_CLUSTER'] ?? 'x'}` }));
}
let seq = 0;
io.of('/visitor').on('connection', (socket) => {
  socket.emit('session', { visitorId: socket.id, visitorToken: socket.id, conversationId: socket.id, state: 'bot' });
  socket.on('message:send', (input: { clientId: string; text: string }, ack: (r: unknown) => void) => {
    const message = { type: 'visitor-text', id: String(++seq), conversationId: socket.id, seq, clientId: input.clientId, createdAt: new Date().toISOString(), text: input.text };
    ack({ ok: true, message });
    io.of('/visitor').to(socket.id).emit('message', { ...message, type: 'bot-answer', id: String(++seq), entryId: 'echo', confidence: 1 });
  });
});
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  console.log(`PORT=${typeof address === 'object' && address ? address.port : 0}`);
});
