import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP server on loopback standing in for a customer's webhook endpoint (or a group robot): it keeps
 * every request and answers with the next reply scripted for its path, or 200 `{"errcode":0}` when none is left.
 */
export async function startWebhookReceiver(port = 0) {
  const received: ReceivedRequest[] = [];
  const replies = new Map<string, { status: number; body: string }[]>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const path = (request.url ?? '/').split('?')[0]!;
      const reply = replies.get(path)?.shift() ?? { status: 200, body: '{"errcode":0}' };
      response.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    received,
    /** The next requests to `path` (without the query) get these answers, in order. */
    reply(path: string, ...next: { status: number; body?: string }[]) {
      replies.set(path, [...(replies.get(path) ?? []), ...next.map((r) => ({ status: r.status, body: r.body ?? '' }))]);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
