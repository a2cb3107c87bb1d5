import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent, until } from './support/clients.ts';

const KB = new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;
type Agent = { id: string; email: string; name: string; role: string; maxConversations: number; active: boolean; passwordHash?: string };
type Failure = { error: { code: string; message: string } };

describe('the team: agents and canned replies', () => {
  let server: RunningServer;
  let adminToken: string;
  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    adminToken = await loginAgent(server.url);
  });
  afterAll(async () => server?.close());

  const api = async <T>(token: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (response.status === 204 ? undefined : await response.json()) as T };
  };
  const login = (email: string, password: string) => fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

  it('adds an agent, changes their capacity and password, and deactivates them everywhere', async () => {
    const added = await api<Agent>(adminToken, 'POST', '/api/agents', { email: 'wang@example.com', name: '小王', password: 'first-pass', maxConversations: 2 });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ name: '小王', role: 'agent', maxConversations: 2, active: true });
    expect(added.body.passwordHash).toBeUndefined();
    const token = await loginAgent(server.url, 'wang@example.com', 'first-pass');

    // An agent may look at the team but not change it.
    expect((await api<Agent[]>(token, 'GET', '/api/agents')).body.map((a) => a.name).sort()).toEqual(['Demo Agent', '小王']);
    expect((await api<Failure>(token, 'PATCH', `/api/agents/${added.body.id}`, { maxConversations: 9 })).body.error.code).toBe('FORBIDDEN');

    const changed = await api<Agent>(adminToken, 'PATCH', `/api/agents/${added.body.id}`, { maxConversations: 4, password: 'second-pass' });
    expect(changed.body).toMatchObject({ maxConversations: 4, active: true });
    expect((await login('wang@example.com', 'first-pass')).status).toBe(401);
    const fresh = await loginAgent(server.url, 'wang@example.com', 'second-pass');

    // Deactivated: the open console connection is closed, the tokens stop working, logging in is refused.
    const socket = await connectAgent(server.url, fresh);
    const kicked = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect((await api<Agent>(adminToken, 'PATCH', `/api/agents/${added.body.id}`, { active: false })).body.active).toBe(false);
    expect(await kicked).toBe('io server disconnect');
    expect((await api<Failure>(fresh, 'GET', '/api/agents')).body.error.code).toBe('AGENT_DISABLED');
    const refused = await login('wang@example.com', 'second-pass');
    expect([refused.status, ((await refused.json()) as Failure).error.code]).toEqual([403, 'AGENT_DISABLED']);
    await expect(connectAgent(server.url, fresh)).rejects.toThrow(/AGENT_DISABLED/);
    expect((await api<Agent>(adminToken, 'PATCH', `/api/agents/${added.body.id}`, { active: true })).body.active).toBe(true);
    expect((await login('wang@example.com', 'second-pass')).status).toBe(200);
  });

  it('keeps one active admin and does not deactivate an agent who still serves visitors', async () => {
    const agents = (await api<Agent[]>(adminToken, 'GET', '/api/agents')).body;
    const demo = agents.find((a) => a.email === 'demo@example.com')!;
    for (const change of [{ role: 'agent' }, { active: false }]) {
      const { status, body } = await api<Failure>(adminToken, 'PATCH', `/api/agents/${demo.id}`, change);
      expect([status, body.error.code]).toEqual([409, 'LAST_ADMIN']);
    }
    const wang = agents.find((a) => a.email === 'wang@example.com')!;
    const wangToken = await loginAgent(server.url, 'wang@example.com', 'second-pass');
    const wangSocket = await connectAgent(server.url, wangToken);
    const visitor = await connectVisitor(server.url);
    await call(visitor.socket, 'message:send', { clientId: 't1', text: '你好' });
    expect((await call(wangSocket, 'conversation:take', { conversationId: visitor.session.conversationId })).ok).toBe(true);
    const busy = await api<Failure>(adminToken, 'PATCH', `/api/agents/${wang.id}`, { active: false });
    expect([busy.status, busy.body.error.code]).toEqual([409, 'AGENT_BUSY']);
    expect(busy.body.error.message).toContain('transfer or close');
    await call(wangSocket, 'conversation:close', { conversationId: visitor.session.conversationId });
    // With someone else made admin, the demo admin may step down.
    expect((await api<Agent>(adminToken, 'PATCH', `/api/agents/${wang.id}`, { role: 'admin' })).body.role).toBe('admin');
    expect((await api<Agent>(wangToken, 'PATCH', `/api/agents/${demo.id}`, { role: 'agent' })).body.role).toBe('agent');
    expect((await api<Agent>(wangToken, 'PATCH', `/api/agents/${demo.id}`, { role: 'admin' })).body.role).toBe('admin');
    wangSocket.close();
    visitor.socket.close();
  });

  it('does not let an agent deactivated while their network was down resume their connection', async () => {
    const li = await api<Agent>(adminToken, 'POST', '/api/agents', { email: 'li@example.com', name: '小李', password: 'li-password' });
    const liToken = await loginAgent(server.url, 'li@example.com', 'li-password');
    const watcher = await connectAgent(server.url, adminToken);
    const presentIds: string[][] = [];
    watcher.on('agents', (list: { agentId: string }[]) => presentIds.push(list.map((a) => a.agentId)));
    // As the console connects: it reconnects by itself, and socket.io resumes the session within two minutes.
    const socket = io(`${server.url}/agent`, { auth: { token: liToken }, transports: ['websocket'], forceNew: true, reconnectionDelay: 1000, reconnectionDelayMax: 1000, randomizationFactor: 0 });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    await until('li to be present', () => presentIds.at(-1)?.includes(li.body.id));
    const visitor = await connectVisitor(server.url);
    await call(visitor.socket, 'message:send', { clientId: 'r1', text: '你好' });
    socket.io.engine.close(); // the network drops; the server keeps the session for recovery
    await until('the server to see li gone', () => presentIds.at(-1) && !presentIds.at(-1)!.includes(li.body.id));
    expect((await api<Agent>(adminToken, 'PATCH', `/api/agents/${li.body.id}`, { active: false })).body.active).toBe(false);
    const ended = new Promise<string>((resolve) => socket.on('disconnect', (reason) => reason === 'io server disconnect' && resolve(reason)));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    expect(socket.recovered).toBe(true);
    const take = await socket.timeout(5_000).emitWithAck('conversation:take', { conversationId: visitor.session.conversationId }).catch(() => ({ ok: false, error: { code: 'NO_ACK' } }));
    expect(take).toMatchObject({ ok: false });
    expect(await ended).toBe('io server disconnect');
    const [conversation] = (await api<{ id: string; state: string }[]>(adminToken, 'GET', '/api/conversations')).body.filter((c) => c.id === visitor.session.conversationId);
    expect(conversation!.state).toBe('bot');
    socket.close();
    watcher.close();
    visitor.socket.close();
  });

  it('refuses bad team input with a clear error', async () => {
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/api/agents', { email: 'not-an-email', name: 'x', password: 'long-enough' }, 400, 'BAD_REQUEST'],
      ['POST', '/api/agents', { email: 'demo@example.com', name: 'again', password: 'long-enough' }, 400, 'BAD_REQUEST'],
      ['POST', '/api/agents', { email: 'short@example.com', name: 'x', password: 'short' }, 400, 'BAD_REQUEST'],
      ['POST', '/api/agents', { email: 'blank@example.com', name: '   ', password: 'long-enough' }, 400, 'BAD_REQUEST'],
      ['PATCH', '/api/agents/no-such-agent', { maxConversations: 3 }, 404, 'NOT_FOUND'],
      ['PATCH', '/api/agents/no-such-agent', {}, 400, 'BAD_REQUEST'],
      ['PATCH', '/api/agents/no-such-agent', { maxConversations: 0 }, 400, 'BAD_REQUEST'],
      ['PATCH', '/api/agents/no-such-agent', { salary: 1 }, 400, 'BAD_REQUEST'],
      ['DELETE', '/api/canned-replies/no-such-reply', undefined, 404, 'NOT_FOUND'],
      ['POST', '/api/canned-replies', { title: '', text: 'x' }, 400, 'BAD_REQUEST'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const result = await api<Failure>(adminToken, method, path, body);
      expect({ method, path, body, status: result.status, code: result.body.error.code }).toEqual({ method, path, body, status, code });
    }
  });

  it('adds, changes and removes canned replies that agents see', async () => {
    const added = await api<{ id: string }>(adminToken, 'POST', '/api/canned-replies', { title: '稍等', text: '请稍等，我查一下。' });
    await api(adminToken, 'POST', '/api/canned-replies', { id: added.body.id, title: '稍等', text: '请稍等，我马上为您查询。' });
    const list = async () => (await api<{ id: string; text: string }[]>(adminToken, 'GET', '/api/canned-replies')).body;
    expect((await list()).find((r) => r.id === added.body.id)?.text).toBe('请稍等，我马上为您查询。');
    expect((await api(adminToken, 'DELETE', `/api/canned-replies/${added.body.id}`)).status).toBe(204);
    await until('gone', async () => !(await list()).some((r) => r.id === added.body.id));
  });
});
