import { createServer, type IncomingMessage, type Server } from 'node:http';
import httpProxy from 'http-proxy';

const COOKIE = 'chatbot_node';
const DOWN_FOR_MS = 5_000;

/**
 * A small HTTP + WebSocket proxy in front of several server nodes. A browser stays on one node (a cookie),
 * because socket.io's long-polling fallback must reach the node that opened its session; a node that stops
 * answering (stopped, or draining) is skipped for a few seconds and the browser moves to the next one, where
 * socket.io reconnects and the shared store has everything.
 */
export function startStickyProxy(targets: string[], port: number, host = '127.0.0.1'): Promise<Server> {
  const proxy = httpProxy.createProxyServer({ ws: true, xfwd: true });
  // A node that refused a connection is skipped for a while, even by browsers whose cookie names it:
  // otherwise a browser pinned to a stopped node would retry it forever over WebSocket.
  const downUntil = new Map<number, number>();
  const isUp = (index: number) => (downUntil.get(index) ?? 0) < Date.now();
  const markDown = (index: number) => downUntil.set(index, Date.now() + DOWN_FOR_MS);
  let next = 0;
  const pick = (req: IncomingMessage): { index: number; fresh: boolean } => {
    const chosen = Number(/(?:^|;\s*)chatbot_node=(\d+)/.exec(req.headers.cookie ?? '')?.[1]);
    if (Number.isInteger(chosen) && chosen >= 0 && chosen < targets.length && isUp(chosen)) return { index: chosen, fresh: false };
    for (let tries = 0; tries < targets.length; tries++) {
      next = (next + 1) % targets.length;
      if (isUp(next)) break;
    }
    return { index: next, fresh: true };
  };
  const server = createServer((req, res) => {
    const { index, fresh } = pick(req);
    if (fresh) res.setHeader('set-cookie', `${COOKIE}=${index}; Path=/; HttpOnly; SameSite=Lax`);
    proxy.web(req, res, { target: targets[index] }, () => {
      // That node is down: forget it for this browser; socket.io retries and lands on another node.
      markDown(index);
      if (!res.headersSent) res.writeHead(502, { 'set-cookie': `${COOKIE}=; Path=/; Max-Age=0`, 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NODE_UNAVAILABLE', message: 'that server node is not answering; retry' } }));
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const { index } = pick(req);
    proxy.ws(req, socket, head, { target: targets[index] }, () => {
      markDown(index);
      socket.destroy();
    });
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}
