import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectVisitor, until } from './support/clients.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
const POSTGRES_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A TCP relay in front of PostgreSQL that the test can cut and restore, as a network outage would. */
function relayTo(host: string, port: number) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  return {
    async open(listenPort: number): Promise<number> {
      server = createServer((client) => {
        const upstream = connect(port, host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', () => undefined);
          s.on('close', () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => server!.listen(listenPort, '127.0.0.1', resolve));
      return (server.address() as { port: number }).port;
    },
    async cut(): Promise<void> {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    },
  };
}

describe('PostgreSQL briefly unreachable', () => {
  const schema = `outage_${randomBytes(6).toString('hex')}`;
  const relay = relayTo('127.0.0.1', 5432);
  let relayPort: number;
  let server: RunningServer;
  beforeAll(async () => {
    relayPort = await relay.open(0);
    const url = new URL(POSTGRES_URL);
    url.port = String(relayPort);
    server = await startServer({ port: 0, knowledge: KB, databaseUrl: url.toString(), databaseSchema: schema });
  });
  afterAll(async () => {
    await server?.close().catch(() => undefined);
    await relay.cut().catch(() => undefined);
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  it('refuses with STORE_UNAVAILABLE while it is down, acknowledges nothing it did not store, and recovers', async () => {
    const visitor = await connectVisitor(server.url);
    expect(await call(visitor.socket, 'message:send', { clientId: 'before', text: '课程可以退款吗' })).toMatchObject({ ok: true });
    await until('the answer', () => visitor.messages.find((m) => m.type === 'bot-answer'));

    await relay.cut();
    const refused = await call(visitor.socket, 'message:send', { clientId: 'during', text: '发票怎么开' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'STORE_UNAVAILABLE' } });
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'demo@example.com', password: 'demo1234' }) });
    expect(login.status).toBe(503);
    expect(await login.json()).toMatchObject({ error: { code: 'STORE_UNAVAILABLE' } });

    await relay.open(relayPort);
    // The client resends what was not acknowledged (the widget does this by itself), with the same clientId.
    const retried = await until('the store back', async () => {
      const ack = await call<{ message: ChatMessage }>(visitor.socket, 'message:send', { clientId: 'during', text: '发票怎么开' });
      return ack.ok ? ack : undefined;
    }, 200, 20_000);
    expect(retried.ok).toBe(true);
    const history = await call<{ messages: ChatMessage[] }>(visitor.socket, 'history', {});
    const texts = history.ok ? history.messages.filter((m) => m.type === 'visitor-text').map((m) => m.text) : [];
    expect(texts).toEqual(['课程可以退款吗', '发票怎么开']);
    visitor.socket.close();
  }, 40_000);
});
