import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { ChatMessage, VisitorSession } from '../packages/protocol/src/index.ts';
import { call, until } from './support/clients.ts';

const START = new URL('../examples/cluster/start.ts', import.meta.url).pathname;

describe('examples/cluster: two nodes behind the sticky proxy, started with one command', () => {
  let child: ChildProcess;
  let url: string;
  let output = '';
  beforeAll(async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    child = spawn(process.execPath, ['--import', 'tsx', START], { env: { ...process.env, NODES: '2', PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until('the cluster to be ready', () => output.includes(`CLUSTER_PORT=${port}`), 100, 60_000);
    url = `http://127.0.0.1:${port}`;
  }, 60_000);
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('serves the demo page and answers visitors through the proxy, on both nodes, over long-polling and WebSocket', async () => {
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toMatch(/chatbot_node=\d/);
    const nodes = new Set<string>();
    for (let i = 0; i < 4; i++) {
      // As a browser does: the page sets the node cookie, then socket.io long-polls (the fallback that needs
      // stickiness) with it and upgrades to WebSocket. Node's client keeps no cookies, so it is passed on.
      const cookie = (await fetch(`${url}/`)).headers.get('set-cookie')!.split(';')[0]!;
      nodes.add(cookie);
      const socket = io(`${url}/visitor`, { transports: ['polling', 'websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
      const messages: ChatMessage[] = [];
      socket.on('message', (m: ChatMessage) => messages.push(m));
      const session = await new Promise<VisitorSession>((resolve, reject) => {
        socket.once('session', resolve);
        socket.once('connect_error', reject);
      });
      expect(session.conversationId).toBeTruthy();
      expect((await call(socket, 'message:send', { clientId: `c${i}`, text: '课程可以退款吗' })).ok).toBe(true);
      await until('the bot answer', () => messages.find((m) => m.type === 'bot-answer'));
      socket.close();
    }
    expect(nodes).toEqual(new Set(['chatbot_node=0', 'chatbot_node=1']));
    expect((await (await fetch(`${url}/health`)).json()) as { status: string }).toMatchObject({ status: 'ok', store: 'postgres' });
  });

  it('prints where the console is and the demo agent login, on the proxy port', () => {
    expect(output).toContain(`agent console  ${url}/console   login demo@example.com / demo1234`);
    expect(output).toContain(`dashboard      ${url}/dashboard`);
  });

  it('refuses to start, naming the port, when one it needs is taken, and starts no node', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as AddressInfo).port)));
    const second = spawn(process.execPath, ['--import', 'tsx', START], { env: { ...process.env, NODES: '2', PORT: String(port - 1) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    second.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    blocker.close();
    expect(code).toBe(1);
    expect(errors).toContain(`port ${port} is in use`);
  }, 30_000);
});
