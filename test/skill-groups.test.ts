import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentPresence, AnalyticsReport, ConversationSummary, HandoffStatus, TeamMember } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent, until, type AgentClient } from './support/clients.ts';

const KB = new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;

describe('agent groups (技能组): a page\'s visitors go to the agents who serve its group', () => {
  let server: RunningServer;
  let admin: string;
  const agents: Record<string, { member: TeamMember; socket: AgentClient }> = {};
  const updates: ConversationSummary[] = [];
  const agentsSeen: AgentPresence[][] = [];
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${admin}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { code: string } } };
  };
  const askForPerson = async (group?: string) => {
    const visitor = await connectVisitor(server.url, group === undefined ? {} : { group });
    await call(visitor.socket, 'message:send', { clientId: 'q', text: '发票怎么开' });
    const ack = await call<{ status: HandoffStatus }>(visitor.socket, 'handoff:request', {});
    return { visitor, status: (ack as unknown as { status: HandoffStatus }).status };
  };
  const assignee = (conversationId: string) => until(`the assignment of ${conversationId}`, () => updates.find((c) => c.id === conversationId && c.state === 'agent')?.assignedAgentId);

  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' }, visitorMessagesPerMinute: 600 });
    admin = await loginAgent(server.url);
    for (const [email, name, groups] of [['wang@example.com', '小王', ['售前']], ['li@example.com', '小李', ['售后']]] as const) {
      const created = await api('POST', '/api/agents', { email, name, password: 'password-123', groups });
      expect(created.status).toBe(200);
      const socket = await connectAgent(server.url, await loginAgent(server.url, email, 'password-123'));
      socket.on('conversation:updated', (c) => updates.push(c));
      socket.on('agents', (list) => agentsSeen.push(list));
      agents[name] = { member: created.body as unknown as TeamMember, socket };
    }
  });
  afterAll(async () => {
    for (const { socket } of Object.values(agents)) socket.close();
    await server?.close();
  });

  it('hands a page\'s visitor to the agent of its group even when another agent is less busy; a page without a group to anyone', async () => {
    expect(agents['小王']!.member.groups).toEqual(['售前']);
    const anyone = await askForPerson();
    const busy = await assignee(anyone.visitor.session.conversationId);
    const [busyName, idleName] = busy === agents['小王']!.member.id ? ['小王', '小李'] : ['小李', '小王'];
    const groupOf = { 小王: '售前', 小李: '售后' } as const;
    const toBusy = await askForPerson(groupOf[busyName as keyof typeof groupOf]);
    expect(await assignee(toBusy.visitor.session.conversationId)).toBe(agents[busyName]!.member.id);
    expect(updates.find((c) => c.id === toBusy.visitor.session.conversationId)?.group).toBe(groupOf[busyName as keyof typeof groupOf]);
    const toIdle = await askForPerson(groupOf[idleName as keyof typeof groupOf]);
    expect(await assignee(toIdle.visitor.session.conversationId)).toBe(agents[idleName]!.member.id);
    for (const v of [anyone, toBusy, toIdle]) v.visitor.socket.close();
  });

  it('keeps a visitor waiting for their group while its agents are away, says nobody is there, and serves them once an agent joins the group', async () => {
    await call(agents['小王']!.socket, 'presence:set', { status: 'away' });
    const waiting = await askForPerson('售前');
    expect(waiting.status).toMatchObject({ state: 'queued', position: 1, offHours: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(updates.some((c) => c.id === waiting.visitor.session.conversationId && c.state === 'agent')).toBe(false); // 小李 is online but serves 售后 only

    const changed = await api('PATCH', `/api/agents/${agents['小李']!.member.id}`, { groups: ['售后', '售前'] });
    expect(changed.body['groups']).toEqual(['售后', '售前']);
    expect(await assignee(waiting.visitor.session.conversationId)).toBe(agents['小李']!.member.id);
    await call(agents['小王']!.socket, 'presence:set', { status: 'online' });
    waiting.visitor.socket.close();
  });

  it('lets an agent hand a conversation to another group (转接到技能组): back in the queue for that group, given to its agent, the visitor told', async () => {
    expect((await api('PATCH', `/api/agents/${agents['小李']!.member.id}`, { groups: ['售后'] })).status).toBe(200);
    const asked = await askForPerson('售前');
    const conversationId = asked.visitor.session.conversationId;
    expect(await assignee(conversationId)).toBe(agents['小王']!.member.id);
    const listed = await until('the group in the presence list', () => agentsSeen.find((list) => list.some((a) => a.name === '小李' && a.groups?.includes('售后'))));
    expect(listed).toBeTruthy();
    updates.length = 0;
    const moved = await call(agents['小王']!.socket, 'conversation:transfer', { conversationId, toGroup: '售后' });
    expect(moved.ok).toBe(true);
    expect(await assignee(conversationId)).toBe(agents['小李']!.member.id);
    expect(updates.find((c) => c.id === conversationId && c.state === 'agent')?.group).toBe('售后');
    await until('the visitor told', () => asked.visitor.messages.find((m) => m.type === 'system' && m.event === 'transferred'));
    const neither = await call(agents['小李']!.socket, 'conversation:transfer', { conversationId });
    const both = await call(agents['小李']!.socket, 'conversation:transfer', { conversationId, toGroup: '售前', toAgentId: agents['小王']!.member.id });
    for (const refused of [neither, both]) expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const notTheirs = await call(agents['小王']!.socket, 'conversation:transfer', { conversationId, toGroup: '售前' });
    expect(notTheirs).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    asked.visitor.socket.close();
  });

  it('gives a conversation its agent passed to their own group to another agent of the group', async () => {
    expect((await api('PATCH', `/api/agents/${agents['小李']!.member.id}`, { groups: ['售后', '售前'] })).status).toBe(200);
    const asked = await askForPerson('售前');
    const conversationId = asked.visitor.session.conversationId;
    const owner = await assignee(conversationId);
    const [ownerName, otherName] = owner === agents['小王']!.member.id ? ['小王', '小李'] : ['小李', '小王'];
    updates.length = 0;
    expect((await call(agents[ownerName]!.socket, 'conversation:transfer', { conversationId, toGroup: '售前' })).ok).toBe(true);
    expect(await assignee(conversationId)).toBe(agents[otherName]!.member.id);
    expect((await api('PATCH', `/api/agents/${agents['小李']!.member.id}`, { groups: ['售后'] })).status).toBe(200);
    asked.visitor.socket.close();
  });

  it('hands a visitor to the group the answered entry names (退货 → 售后) rather than their page\'s group', async () => {
    const saved = await api('PUT', '/api/knowledge/return-textbooks', { questions: ['教材可以退货吗', '教材怎么退货'], answer: '教材未拆封 7 天内可退货，在"我的订单"里申请。', group: ' 售后 ' });
    expect([saved.status, saved.body['group']]).toEqual([200, '售后']);
    const visitor = await connectVisitor(server.url, { group: '售前' });
    await call(visitor.socket, 'message:send', { clientId: 'q', text: '教材可以退货吗' });
    await until('the answer from the grouped entry', () => visitor.messages.find((m) => m.type === 'bot-answer' && m.entryId === 'return-textbooks'));
    await call(visitor.socket, 'handoff:request', {});
    const conversationId = visitor.session.conversationId;
    expect(await assignee(conversationId)).toBe(agents['小李']!.member.id);
    expect(updates.find((c) => c.id === conversationId && c.state === 'agent')?.group).toBe('售后');
    const exported = await fetch(`${server.url}/api/knowledge/export?format=csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(await exported.text()).toMatch(/^id,questions,answer,tags,topic,attribute,group\r\n[\s\S]*return-textbooks,.*,售后\r\n/);
    expect((await fetch(`${server.url}/api/knowledge/return-textbooks`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } })).status).toBe(204);
    visitor.socket.close();
  });

  it('applies a connected agent\'s new capacity and groups at once: to routing and to every console\'s agent list', async () => {
    const wang = agents['小王']!.member.id;
    const li = agents['小李']!.member.id;
    const first = await askForPerson('售前'); // 小王 serves at least this one
    expect(await assignee(first.visitor.session.conversationId)).toBe(wang);
    agentsSeen.length = 0;
    await call(agents['小王']!.socket, 'presence:set', { status: 'online' });
    const serving = (await until('the agent list', () => agentsSeen.at(-1)?.find((a) => a.agentId === wang)))!.activeConversations;
    expect((await api('PATCH', `/api/agents/${wang}`, { maxConversations: serving })).status).toBe(200); // full now
    const waiting = await askForPerson('售前');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(updates.some((c) => c.id === waiting.visitor.session.conversationId && c.state === 'agent')).toBe(false);
    expect((await api('PATCH', `/api/agents/${wang}`, { maxConversations: serving + 1 })).status).toBe(200);
    expect(await assignee(waiting.visitor.session.conversationId)).toBe(wang);
    await until('the new capacity in the agent list', () => agentsSeen.some((list) => list.some((a) => a.agentId === wang && a.maxConversations === serving + 1)));
    expect((await api('PATCH', `/api/agents/${li}`, { groups: ['售后', '售前'] })).status).toBe(200);
    await until('the new groups in the agent list', () => agentsSeen.some((list) => list.some((a) => a.agentId === li && a.groups?.includes('售前'))));
    for (const [id, patch] of [[wang, { maxConversations: 5 }], [li, { groups: ['售后'] }]] as const) expect((await api('PATCH', `/api/agents/${id}`, patch)).status).toBe(200);
    for (const v of [first, waiting]) v.visitor.socket.close();
  });

  it('reports hand-offs per group in the analytics', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const response = await fetch(`${server.url}/api/analytics?from=${today}&to=${today}`, { headers: { authorization: `Bearer ${admin}` } });
    const report = (await response.json()) as AnalyticsReport;
    const byGroup = Object.fromEntries(report.groups.map((g) => [g.group, g]));
    expect(Object.keys(byGroup).sort()).toEqual(['售前', '售后']);
    expect(byGroup['售前']!.handedOff).toBeGreaterThanOrEqual(3);
    expect(byGroup['售前']!.waitMedianSeconds).toBeGreaterThanOrEqual(0);
    expect(report.groups.reduce((n, g) => n + g.handedOff, 0)).toBeLessThan(report.totals.handedOff); // the visitor of no group is in the totals only
  });

  it('refuses bad groups with clear errors', async () => {
    await expect(connectVisitor(server.url, { group: 'x'.repeat(51) })).rejects.toThrow('BAD_REQUEST');
    await expect(connectVisitor(server.url, { group: 7 })).rejects.toThrow('BAD_REQUEST');
    const id = agents['小王']!.member.id;
    for (const groups of [[''], ['  '], 'sales', [1], Array.from({ length: 21 }, (_, i) => `g${i}`), ['a', 'a']]) {
      const refused = await api('PATCH', `/api/agents/${id}`, { groups });
      expect([refused.status, refused.body.error?.code]).toEqual([400, 'BAD_REQUEST']);
    }
    expect(((await api('GET', '/api/agents')).body as unknown as TeamMember[]).find((a) => a.id === id)?.groups).toEqual(['售前']);
  });

  it('refuses a transfer to a deactivated agent or one at their cap, and clears the first response when the conversation goes back to the queue', async () => {
    const created = await Promise.all([['zhao@example.com', '小赵'], ['zhou@example.com', '小周']].map(([email, name]) => api('POST', '/api/agents', { email, name, password: 'password-123', maxConversations: 1 })));
    const [zhao, zhou] = created.map((c) => c.body as unknown as TeamMember);
    expect((await api('PATCH', `/api/agents/${zhou!.id}`, { active: false })).body['active']).toBe(false);
    for (const name of ['小王', '小李']) expect((await api('PATCH', `/api/agents/${agents[name]!.member.id}`, { maxConversations: 50 })).status).toBe(200); // room whatever earlier tests left
    const [first, second] = [await askForPerson('售前'), await askForPerson('售前')];
    const wang = agents['小王']!.socket;
    for (const asked of [first, second]) expect(await assignee(asked.visitor.session.conversationId)).toBe(agents['小王']!.member.id);
    const transfer = (asked: typeof first, toAgentId: string) => call(wang, 'conversation:transfer', { conversationId: asked.visitor.session.conversationId, toAgentId });
    expect(await transfer(first, zhou!.id)).toMatchObject({ ok: false, error: { code: 'AGENT_INACTIVE', message: '小周 is deactivated and cannot take conversations' } });
    expect((await transfer(first, zhao!.id)).ok).toBe(true);
    expect(await transfer(second, zhao!.id)).toMatchObject({ ok: false, error: { code: 'AGENT_AT_CAPACITY', message: '小赵 already has 1 conversations (limit 1)' } });

    // 小王 answers, then passes the conversation to 售后: 小李's first response is measured afresh.
    const conversationId = second.visitor.session.conversationId;
    expect((await call(wang, 'conversation:reply', { conversationId, clientId: 'r1', text: '您好' })).ok).toBe(true);
    await until('the first response', () => updates.find((c) => c.id === conversationId && c.firstResponseAt));
    expect((await call(wang, 'conversation:transfer', { conversationId, toGroup: '售后' })).ok).toBe(true);
    const handed = await until('the assignment in 售后', () => updates.find((c) => c.id === conversationId && c.group === '售后' && c.state === 'agent'));
    expect([handed.assignedAgentId, handed.firstResponseAt]).toEqual([agents['小李']!.member.id, undefined]);
    for (const v of [first, second]) v.visitor.socket.close();
  });
});
