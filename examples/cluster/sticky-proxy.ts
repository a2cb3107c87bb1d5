import { createServer, type IncomingMessage, type Server } from 'node:http';
import httpProxy from 'http-proxy';

const COOKIE = 'chatbot_node';

/**
 * A small HTTP + WebSocket proxy in front of several server nodes. A browser stays on one node (a cookie),
 * because socket.io's long-polling fallback must reach the node that opened its session; a node that stops
 * answering is skipped and the cookie moves the browser to the next one, where socket.io reconnects and the
 * shared store has everything.
 */
export function startStickyProxy(targets: string[], port: number, host = '127.0.0.1'): Promise<Server> {
  const proxy = httpProxy.createProxyServer({ ws: true, xfwd: true });
  let next = 0;
  const pick = (req: IncomingMessage): { index: number; fresh: boolean } => {
    const chosen = Number(/(?:^|;\s*)chatbot_node=(\d+)/.exec(req.headers.cookie ?? '')?.[1]);
    if (Number.isInteger(chosen) && chosen >= 0 && chosen < targets.length) return { index: chosen, fresh: false };
    next = (next + 1) % targets.length;
    return { index: next, fresh: true };
  };
  const server = createServer((req, res) => {
    const { index, fresh } = pick(req);
    if (fresh) res.setHeader('set-cookie', `${COOKIE}=${index}; Path=/; HttpOnly; SameSite=Lax`);
    proxy.web(req, res, { target: targets[index] }, () => {
      // That node is down: forget it for this browser; socket.io retries and lands on another node.
      if (!res.headersSent) res.writeHead(502, { 'set-cookie': `${COOKIE}=; Path=/; Max-Age=0`, 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NODE_UNAVAILABLE', message: 'that server node is not answering; retry' } }));
    });
  });
  server.on('upgrade', (req, socket, head) => {
    proxy.ws(req, socket, head, { target: targets[pick(req).index] }, () => socket.destroy());
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}
