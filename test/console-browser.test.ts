import type { Browser, Page } from 'playwright-core';
import type { AgentPresence, ConversationSummary } from '../packages/protocol/src/index.ts';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { WAITING_REFRESH_MS } from '../packages/console/src/waiting-time.ts';
import { launchBrowser } from './support/browser.ts';
import { call, connectAgent, connectVisitor, loginAgent, until, type AgentClient, type VisitorClient } from './support/clients.ts';
import { logIn, lookElsewhere } from './support/console-page.ts';

const KB = new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;
type Visitor = Awaited<ReturnType<typeof connectVisitor>>;

describe('in a real browser: the agent console', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: AgentClient;
  let adminToken: string;
  /** The agents' presence as the server last announced it. */
  let agentsNow: AgentPresence[] = [];
  let demoId: string;
  let demoToken: string;
  /** What each test opened: closed after it, so the next test starts with no conversation and no page. */
  const opened: { pages: Page[]; visitors: VisitorClient[]; agents: AgentClient[] } = { pages: [], visitors: [], agents: [] };
  const visitorConversation = new Map<VisitorClient, string>();

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' } }), launchBrowser()]);
    demoToken = await loginAgent(server.url);
    const team = (await (await fetch(`${server.url}/api/agents`, { headers: { authorization: `Bearer ${demoToken}` } })).json()) as { id: string; email: string }[];
    demoId = team.find((a) => a.email === 'demo@example.com')!.id;
    await fetch(`${server.url}/api/agents`, { method: 'POST', headers: { authorization: `Bearer ${demoToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'boss@example.com', name: '老板', password: 'password-123', role: 'admin' }) });
    // The test's own hand (an admin who closes what each test opened), away: the demo agent in the browser gets the visitors.
    adminToken = await loginAgent(server.url, 'boss@example.com', 'password-123');
    admin = await connectAgent(server.url, adminToken);
    admin.on('agents', (agents) => (agentsNow = agents));
    await call(admin, 'presence:set', { status: 'away' });
  });
  afterAll(async () => {
    admin?.close();
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    for (const page of opened.pages.splice(0)) await page.close();
    for (const visitor of opened.visitors.splice(0)) {
      const conversationId = visitorConversation.get(visitor);
      if (conversationId) await call(admin, 'conversation:close', { conversationId });
      visitor.close();
    }
    for (const agent of opened.agents.splice(0)) agent.close();
  });

  /**
   * The console as the demo agent, in a Chinese browser: their session is in the tab as after a login (logging in
   * itself is 20 a minute at most). `prepare` sets the page up before it loads (a clock, the network between it and the server).
   */
  async function consolePage(prepare: (page: Page) => Promise<void> = async () => {}): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    opened.pages.push(page);
    await prepare(page);
    await page.addInitScript(([token, agent]) => {
      sessionStorage.setItem('console.token', token);
      sessionStorage.setItem('console.agent', agent);
    }, [demoToken, JSON.stringify({ id: demoId, name: 'Demo Agent', role: 'admin' })] as const);
    await page.goto(`${server.url}/console`);
    await page.locator('agent-console .app[data-connection="connected"]').waitFor();
    return page;
  }

  /** Sets the demo agent's status in the console's menu and waits for the server to have it (it outlives the page). */
  async function presence(page: Page, status: AgentPresence['status']): Promise<void> {
    await page.locator('agent-console .top select').selectOption(status);
    await until(`the demo agent ${status}`, () => agentsNow.some((a) => a.agentId === demoId && a.status === status));
  }

  /** A visitor who asked for a person (after `before`, if any), assigned to the demo agent online in `page`. */
  async function visitorFor(page: Page, ...before: string[]): Promise<Visitor> {
    const visitor = await connectVisitor(server.url);
    opened.visitors.push(visitor.socket);
    visitorConversation.set(visitor.socket, visitor.session.conversationId);
    for (const text of [...before, '转人工']) await call(visitor.socket, 'message:send', { clientId: crypto.randomUUID(), text });
    await page.locator(`agent-console .mine [data-id="${visitor.session.conversationId}"]`).waitFor();
    return visitor;
  }

  /** Opens the visitor's conversation from the agent's list and waits until it can be answered. */
  async function openIn(page: Page, visitor: Visitor): Promise<void> {
    await page.locator(`agent-console .mine [data-id="${visitor.session.conversationId}"]`).click();
    await page.locator('agent-console .actions .state[data-state="agent"]').waitFor();
  }

  /** The conversation as the server has it now. */
  async function stored(conversationId: string): Promise<ConversationSummary> {
    const ack = await call<{ conversation: ConversationSummary }>(admin, 'conversation:open', { conversationId });
    if (!ack.ok) throw new Error(ack.error.message);
    return ack.conversation;
  }

  const agentLines = (visitor: Visitor) => visitor.messages.filter((m) => m.type === 'agent-text').map((m) => ('text' in m ? m.text : ''));

  it('unticks "internal note" once a note is sent, so the next reply goes to the visitor', async () => {
    const page = await consolePage();
    const visitor = await visitorFor(page);
    await openIn(page, visitor);
    const box = page.locator('agent-console textarea[name="text"]');
    await page.locator('agent-console input[name="note"]').check();
    await box.fill('老客户，态度好');
    await box.press('Enter');
    await page.locator('agent-console .transcript .m.note', { hasText: '老客户，态度好' }).waitFor();
    await until('the note acknowledged (the box emptied)', async () => (await box.inputValue()) === '');
    expect(await page.locator('agent-console input[name="note"]').isChecked()).toBe(false);
    await box.fill('您好，请问有什么可以帮您？');
    await box.press('Enter');
    await until('the reply at the visitor', () => agentLines(visitor).includes('您好，请问有什么可以帮您？'));
  });

  it('refuses a reply over 4,000 characters before sending it, keeping it to shorten, so even one over the socket\'s 64 KB frame limit does not drop the connection', async () => {
    const page = await consolePage();
    const visitor = await visitorFor(page);
    await openIn(page, visitor);
    const box = page.locator('agent-console textarea[name="text"]');
    const long = '很长的回复'.repeat(14_000); // 70,000 characters, 210 KB in UTF-8
    await box.fill(long);
    await box.press('Enter');
    await page.locator('agent-console .error', { hasText: '4000' }).waitFor({ timeout: 3_000 });
    expect(await box.inputValue()).toBe(long);
    await box.fill('您好');
    await box.press('Enter');
    await until('the short reply at the visitor', () => agentLines(visitor).includes('您好'));
    expect(agentLines(visitor)).toEqual(['您好']);
  });

  it('leaves the Enter that confirms an input method\'s composition to it: nothing is sent, no canned reply inserted', async () => {
    await fetch(`${server.url}/api/canned-replies`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: '问候', text: '您好，很高兴为您服务！' }) });
    const page = await consolePage();
    const visitor = await visitorFor(page);
    await openIn(page, visitor);
    const box = page.locator('agent-console textarea[name="text"]');
    const composingKey = (key: string) => box.dispatchEvent('keydown', { key, isComposing: true, bubbles: true, composed: true, cancelable: true });
    await box.fill('/问');
    await page.locator('agent-console .canned-picker').waitFor();
    await composingKey('Enter');
    await composingKey('Tab');
    expect(await box.inputValue()).toBe('/问');
    await box.fill('请稍');
    await composingKey('Enter');
    await box.pressSequentially('等');
    await box.press('Enter');
    await until('the reply at the visitor', () => agentLines(visitor).length > 0);
    expect(agentLines(visitor)).toEqual(['请稍等']);
  });

  it('sends a reply once however often Enter and Send are pressed, and a resend after a lost answer is the same message', async () => {
    const sent: string[] = [];
    const page = await consolePage(async (page) => {
      await page.clock.install(); // the reply's answer is lost: the console's wait for it runs out when the test moves its clock
      // The console's frames to the server, and the answer to its first reply, which never reaches it.
      await page.routeWebSocket(/socket\.io/, (ws) => {
        const server = ws.connectToServer();
        let lostAnswer: string | undefined;
        ws.onMessage((frame) => {
          const text = String(frame);
          sent.push(text);
          if (lostAnswer === undefined && text.includes('"conversation:reply"')) lostAnswer = `43/agent,${/^42\/agent,(\d+)/.exec(text)![1]}[`;
          server.send(frame);
        });
        server.onMessage((frame) => {
          if (lostAnswer === undefined || !String(frame).startsWith(lostAnswer)) ws.send(frame);
        });
      });
    });
    await page.clock.pauseAt(Date.now() + 1000);
    const visitor = await visitorFor(page);
    await openIn(page, visitor);
    const box = page.locator('agent-console textarea[name="text"]');
    await box.fill('马上为您处理');
    await box.press('Enter');
    await box.press('Enter');
    await page.locator('agent-console button.send').dblclick();
    // A frame the console sends after those: once the server has it, every reply frame before it is there too.
    await presence(page, 'away');
    await until('the presence frame', () => sent.some((f) => f.includes('"presence:set"')));
    const replies = () => sent.filter((f) => f.includes('"conversation:reply"')).map((f) => (JSON.parse(f.slice(f.indexOf('['))) as [string, { clientId: string }])[1].clientId);
    expect(replies().length).toBe(1);

    await page.clock.runFor(10_000);
    await page.locator('agent-console .actions .error', { hasText: '服务器没有应答' }).waitFor();
    await box.press('Enter');
    await until('the box emptied by the answer', async () => (await box.inputValue()) === '');
    expect(new Set(replies()).size).toBe(1);
    expect(replies().length).toBe(2);
    expect(agentLines(visitor)).toEqual(['马上为您处理']);
    await presence(page, 'online');
  });

  /** Adds an agent to the team (by the test's admin) and connects them, away: they get no visitor of their own. */
  async function teamMate(email: string, name: string, groups: string[] = []): Promise<{ id: string; socket: AgentClient }> {
    const response = await fetch(`${server.url}/api/agents`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ email, name, password: 'password-123', groups }) });
    const { id } = (await response.json()) as { id: string };
    const socket = await connectAgent(server.url, await loginAgent(server.url, email, 'password-123'));
    opened.agents.push(socket);
    await call(socket, 'presence:set', { status: 'away' });
    return { id, socket };
  }

  it('transfers only when the agent confirms: looking through the "transfer to" menu with the arrow keys transfers nothing', async () => {
    const page = await consolePage();
    const sun = await teamMate('sun@example.com', '小孙');
    const visitor = await visitorFor(page);
    await openIn(page, visitor);
    await page.locator('agent-console select.transfer option', { hasText: '小孙 (离开)' }).waitFor({ state: 'attached' });
    await page.locator('agent-console select.transfer').focus();
    const menu = page.locator('agent-console select.transfer');
    for (let i = 0; i < 5 && (await menu.inputValue()) !== sun.id; i++) await page.keyboard.press('ArrowDown'); // past the others online
    expect(await menu.inputValue()).toBe(sun.id);
    expect(await page.locator('agent-console button.transfer-confirm').count()).toBe(1);
    expect(await page.locator(`agent-console .mine [data-id="${visitor.session.conversationId}"]`).count()).toBe(1);
    await page.locator('agent-console button.transfer-confirm').click();
    await page.locator(`agent-console .mine [data-id="${visitor.session.conversationId}"]`).waitFor({ state: 'detached' });
    expect((await stored(visitor.session.conversationId)).assignedAgentId).toBe(sun.id);
  });

  it('inserts a suggested answer or canned reply at the cursor, keeping what the agent typed; the canned menu acts only on its button and can give the same reply twice', async () => {
    await fetch(`${server.url}/api/canned-replies`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: '发货', text: '48 小时内发货。' }) });
    const page = await consolePage();
    const visitor = await visitorFor(page, '课程可以退款吗');
    await openIn(page, visitor);
    const box = page.locator('agent-console textarea[name="text"]');
    await box.fill('您好，');
    const suggestion = page.locator('agent-console .suggestion').first();
    const answer = (await suggestion.innerText()).split('\n').slice(1).join('\n');
    await suggestion.click();
    expect(await box.inputValue()).toBe(`您好，${answer}`);

    await box.fill('订单 123：');
    const menu = page.locator('agent-console select.canned');
    await menu.selectOption({ label: '发货' });
    await page.locator('agent-console button.canned-confirm').click();
    expect([await box.inputValue(), await menu.inputValue()]).toEqual(['订单 123：48 小时内发货。', '']);
    await menu.selectOption({ label: '发货' });
    await page.locator('agent-console button.canned-confirm').click();
    expect(await box.inputValue()).toBe('订单 123：48 小时内发货。48 小时内发货。');
    await menu.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await box.inputValue()).toBe('订单 123：48 小时内发货。48 小时内发货。');
  });

  it('offers every group of the team to transfer to, those whose agents are all offline too', async () => {
    const response = await fetch(`${server.url}/api/agents`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'li@example.com', name: '小李', password: 'password-123', groups: ['物流'] }) });
    expect(response.status).toBe(200);
    const page = await consolePage();
    const visitor = await visitorFor(page);
    await openIn(page, visitor);
    await page.locator('agent-console select.transfer option', { hasText: '技能组: 物流' }).waitFor({ state: 'attached' });
    await page.locator('agent-console select.transfer').selectOption({ label: '技能组: 物流' });
    await page.locator('agent-console button.transfer-confirm').click();
    await until('the conversation for 物流', async () => (await stored(visitor.session.conversationId)).group === '物流');
  });

  it('keeps the queue\'s waiting time going while nothing else happens', async () => {
    const pings: number[] = [];
    const page = await consolePage(async (page) => {
      await page.clock.install(); // the page's timers: moved by the test
      await page.routeWebSocket(/socket\.io/, (ws) => {
        const server = ws.connectToServer();
        server.onMessage((frame) => {
          if (frame === '2') pings.push(Date.now()); // engine.io's heartbeat
          ws.send(frame);
        });
      });
    });
    await presence(page, 'away');
    const visitor = await connectVisitor(server.url);
    opened.visitors.push(visitor.socket);
    visitorConversation.set(visitor.socket, visitor.session.conversationId);
    await call(visitor.socket, 'message:send', { clientId: 'waiting-1', text: '转人工' });
    const queued = Date.now(); // on or after the server's queuedAt
    const item = page.locator(`agent-console .queue [data-id="${visitor.session.conversationId}"]`);
    await item.locator('small', { hasText: '等待 0 min' }).waitFor();
    // A heartbeat 20 s or more after the visitor queued; from it the connection lives 45 s on the page's timers.
    // 40 s of them hold a refresh 30 s or more after the queuing at least: rounded, "1 min". Without one, nothing renders the list.
    await until('a heartbeat 20 s after queuing', () => pings.some((at) => at - queued >= 20_000), 25, 50_000);
    await page.clock.runFor(WAITING_REFRESH_MS + 10_000);
    await item.locator('small', { hasText: '等待 1 min' }).waitFor({ timeout: 5000 });
    await presence(page, 'online');
  }, 120_000);

  it('counts each conversation\'s unread messages in the list until it is opened, and shows its latest message there', async () => {
    const page = await consolePage();
    const [first, second] = [await visitorFor(page), await visitorFor(page)];
    await openIn(page, first);
    for (const text of ['第一条', '我的订单号是 123']) await call(second.socket, 'message:send', { clientId: crypto.randomUUID(), text });
    const item = page.locator(`agent-console .mine [data-id="${second.session.conversationId}"]`);
    await item.locator('.unread', { hasText: '2' }).waitFor();
    await item.locator('small', { hasText: '我的订单号是 123' }).waitFor();
    await call(first.socket, 'message:send', { clientId: crypto.randomUUID(), text: '在吗' });
    await page.locator('agent-console .transcript', { hasText: '在吗' }).waitFor();
    expect(await page.locator(`agent-console .mine [data-id="${first.session.conversationId}"] .unread`).count()).toBe(0); // on screen: read
    expect(await page.title()).toBe('(2) 客服工作台 · Agent console');
    await item.click();
    await page.locator('agent-console .transcript', { hasText: '我的订单号是 123' }).waitFor();
    await item.locator('.unread').waitFor({ state: 'detached' });
    expect(await page.title()).toBe('客服工作台 · Agent console');
  });

  it('keeps the unread counts the server holds through a reload, and what was opened stays read', async () => {
    const page = await consolePage();
    const [first, second] = [await visitorFor(page), await visitorFor(page)];
    for (const text of ['还在吗', '订单号 456']) await call(second.socket, 'message:send', { clientId: crypto.randomUUID(), text });
    await call(first.socket, 'message:send', { clientId: crypto.randomUUID(), text: '你好' });
    const unreadOf = (v: Visitor) => page.locator(`agent-console .mine [data-id="${v.session.conversationId}"] .unread`);
    await unreadOf(second).filter({ hasText: '2' }).waitFor(); // what came after it was assigned
    await page.reload();
    await page.locator('agent-console .app[data-connection="connected"]').waitFor();
    await unreadOf(second).filter({ hasText: '2' }).waitFor();
    await unreadOf(first).filter({ hasText: '1' }).waitFor();
    expect(await page.title()).toBe('(3) 客服工作台 · Agent console');
    await page.locator(`agent-console .mine [data-id="${first.session.conversationId}"]`).click();
    await page.locator('agent-console .transcript', { hasText: '你好' }).waitFor();
    const unreadOnServer = async (v: Visitor) => {
      const agent = io(`${server.url}/agent`, { auth: { token: demoToken }, transports: ['websocket'], reconnection: false, forceNew: true });
      const mine = await new Promise<ConversationSummary[]>((resolve) => agent.once('conversations:mine', resolve));
      agent.close();
      return mine.find((c) => c.id === v.session.conversationId)?.unread;
    };
    await until('the server has the read mark', async () => (await unreadOnServer(first)) === 0, 100);
    await page.reload();
    await unreadOf(second).filter({ hasText: '2' }).waitFor();
    expect([await unreadOf(first).count(), await page.title()]).toEqual([0, '(2) 客服工作台 · Agent console']);
  });

  it('marks what came while the console\'s tab was in the background read when the agent comes back to it', async () => {
    const page = await consolePage();
    const visitor = await visitorFor(page);
    const receipts: number[] = [];
    visitor.socket.on('read', ({ upToSeq }) => receipts.push(upToSeq));
    await openIn(page, visitor);
    await lookElsewhere(page, true);
    await call(visitor.socket, 'message:send', { clientId: 'back-1', text: '还在吗' });
    await page.locator('agent-console .transcript', { hasText: '还在吗' }).waitFor();
    expect(await page.title()).toBe('(1) 客服工作台 · Agent console');
    const seq = visitor.messages.find((m) => m.type === 'visitor-text' && m.text === '还在吗')!.seq;
    expect(receipts.filter((s) => s >= seq)).toEqual([]);
    await lookElsewhere(page, false);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await until('the title without a count', async () => (await page.title()) === '客服工作台 · Agent console');
    await until('the read receipt', () => receipts.some((s) => s >= seq));
  });

  it('after a connection lost for longer than the server keeps its session, shows what it missed: the open transcript\'s new messages once, the closed conversations gone', async () => {
    // The network between console and server: cut on demand, and every reconnection a new session, as after minutes away.
    let cut = false;
    const live: { close: () => Promise<void> }[] = [];
    const page = await consolePage(async (page) => {
      await page.routeWebSocket(/socket\.io/, (ws) => {
        if (cut) return void ws.close();
        const server = ws.connectToServer();
        live.push({ close: async () => { await ws.close(); await server.close(); } });
        ws.onMessage((frame) => {
          const text = String(frame);
          const resume = /^40\/agent,(\{.*\})$/.exec(text);
          if (!resume) return server.send(frame);
          const { pid: _pid, offset: _offset, ...auth } = JSON.parse(resume[1]!) as Record<string, unknown>;
          server.send(`40/agent,${JSON.stringify(auth)}`);
        });
      });
      await page.route(/socket\.io\/.*transport=polling/, (route) => (cut ? route.abort() : route.continue()));
    });
    const [watched, other] = [await visitorFor(page), await visitorFor(page)];
    await openIn(page, watched);
    cut = true;
    for (const connection of live.splice(0)) await connection.close();
    await page.locator('agent-console .app[data-connection="reconnecting"]').waitFor();
    await call(watched.socket, 'message:send', { clientId: 'missed-1', text: '断线时发的消息' });
    expect((await call(admin, 'conversation:close', { conversationId: other.session.conversationId })).ok).toBe(true);
    cut = false;
    await page.locator('agent-console .app[data-connection="connected"]').waitFor();
    await page.locator('agent-console .transcript', { hasText: '断线时发的消息' }).waitFor();
    await page.locator(`agent-console .mine [data-id="${other.session.conversationId}"]`).waitFor({ state: 'detached' });
    await call(watched.socket, 'message:send', { clientId: 'missed-2', text: '重连后的消息' });
    await page.locator('agent-console .transcript', { hasText: '重连后的消息' }).waitFor();
    expect(await page.locator('agent-console .transcript .m', { hasText: '断线时发的消息' }).count()).toBe(1);
  });

  it('keeps the newest message in view on opening, on new messages and after the agent\'s reply, unless the agent scrolled up: then a hint waits', async () => {
    const page = await consolePage();
    const visitor = await visitorFor(page, Array.from({ length: 120 }, (_, i) => `第 ${i + 1} 行`).join('\n'));
    const transcript = page.locator('agent-console .transcript');
    const atEnd = () => transcript.evaluate((t) => t.scrollHeight - t.scrollTop - t.clientHeight <= 2);
    const untilAtEnd = (what: string) => until(what, atEnd);
    const say = async (text: string) => {
      await call(visitor.socket, 'message:send', { clientId: crypto.randomUUID(), text });
      await page.locator('agent-console .transcript .m', { hasText: text }).waitFor();
    };
    await openIn(page, visitor);
    await untilAtEnd('the end of the transcript on opening');
    await say('第一个问题');
    await untilAtEnd('the end after a new message');

    await transcript.evaluate((t) => (t.scrollTop = 0));
    await say('第二个问题');
    await page.locator('agent-console button.new-below').waitFor();
    expect(await transcript.evaluate((t) => t.scrollTop)).toBe(0);
    await page.locator('agent-console button.new-below').click();
    await untilAtEnd('the end after the hint');
    await page.locator('agent-console button.new-below').waitFor({ state: 'detached' });

    await transcript.evaluate((t) => (t.scrollTop = 0));
    await page.locator('agent-console textarea[name="text"]').fill('这就为您查询');
    await page.locator('agent-console textarea[name="text"]').press('Enter');
    await page.locator('agent-console .transcript .m.agent-text', { hasText: '这就为您查询' }).waitFor();
    await untilAtEnd('the end after the agent\'s reply');
  });

  it('says why the server refused in the agent\'s language: a wrong password, replying before taking, losing a race to take', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    opened.pages.push(page);
    // The server's frames wait (in order) while `held`: the console has not yet heard that another agent took the visitor.
    let held: Promise<void> = Promise.resolve();
    let release = () => {};
    await page.routeWebSocket(/socket\.io/, (ws) => {
      const server = ws.connectToServer();
      let chain = Promise.resolve();
      server.onMessage((frame) => (chain = chain.then(() => held).then(() => ws.send(frame))));
    });
    await page.goto(`${server.url}/console`);
    await page.locator('agent-console input[name="email"]').fill('demo@example.com');
    await page.locator('agent-console input[name="password"]').fill('wrong-password');
    await page.locator('agent-console button[type="submit"]').click();
    await page.locator('agent-console .login .error', { hasText: '邮箱或密码错误' }).waitFor();
    await logIn(page);
    await presence(page, 'away');
    const visitor = await connectVisitor(server.url);
    opened.visitors.push(visitor.socket);
    visitorConversation.set(visitor.socket, visitor.session.conversationId);
    await call(visitor.socket, 'message:send', { clientId: 'refused-1', text: '转人工' });
    await page.locator(`agent-console .queue [data-id="${visitor.session.conversationId}"]`).click();
    await page.locator('agent-console .actions .state[data-state="queued"]').waitFor();
    await page.locator('agent-console textarea[name="text"]').fill('您好');
    await page.locator('agent-console textarea[name="text"]').press('Enter');
    await page.locator('agent-console .actions .error', { hasText: '请先接入该会话' }).waitFor();
    held = new Promise((resolve) => (release = resolve));
    expect((await call(admin, 'conversation:take', { conversationId: visitor.session.conversationId })).ok).toBe(true);
    await page.locator('agent-console button.take').click();
    release();
    await page.locator('agent-console .actions .error', { hasText: '会话的状态已经变了' }).waitFor();
    await presence(page, 'online');
  });

  it('says why it signed the agent out: a session no longer valid, an account deactivated', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    opened.pages.push(page);
    await page.goto(`${server.url}/console`);
    await page.evaluate(() => {
      sessionStorage.setItem('console.token', 'expired-or-bogus');
      sessionStorage.setItem('console.agent', JSON.stringify({ id: 'x', name: 'Demo', role: 'admin' }));
    });
    await page.reload();
    await page.locator('agent-console .login .error', { hasText: '登录已过期，请重新登录' }).waitFor();

    const response = await fetch(`${server.url}/api/agents`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'zhou@example.com', name: '小周', password: 'password-123' }) });
    const { id } = (await response.json()) as { id: string };
    await logIn(page, 'zhou@example.com', 'password-123');
    const deactivated = await fetch(`${server.url}/api/agents/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ active: false }) });
    expect(deactivated.status).toBe(200);
    await page.locator('agent-console .login .error', { hasText: '已退出：你的账号已被停用' }).waitFor();
  });

  it('shows where the keyboard is when it reaches the hidden file input', async () => {
    const page = await consolePage();
    const visitor = await visitorFor(page);
    await openIn(page, visitor);
    await page.locator('agent-console select.canned').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.querySelector('agent-console')!.shadowRoot!.activeElement?.getAttribute('name'))).toBe('file');
    expect(await page.locator('agent-console label.attach').evaluate((label) => getComputedStyle(label).outlineStyle)).not.toBe('none');
  });

  it('lets an admin close another agent\'s conversation', async () => {
    const page = await consolePage(); // the demo agent is an admin
    const wu = await teamMate('wu@example.com', '小吴');
    const visitor = await visitorFor(page);
    await openIn(page, visitor);
    await page.locator('agent-console select.transfer').selectOption(wu.id);
    await page.locator('agent-console button.transfer-confirm').click();
    await page.locator(`agent-console .mine [data-id="${visitor.session.conversationId}"]`).waitFor({ state: 'detached' });
    expect((await stored(visitor.session.conversationId)).assignedAgentId).toBe(wu.id);
    await page.locator('agent-console button.close').click();
    await page.locator('agent-console .actions .state[data-state="closed"]').waitFor();
    expect((await stored(visitor.session.conversationId)).state).toBe('closed');
  });
});
