import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentPresence } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { VISITOR_TYPING_MS } from '../packages/console/src/agent-connection.ts';
import { launchBrowser } from './support/browser.ts';
import { call, connectAgent, connectVisitor, loginAgent, until } from './support/clients.ts';
import { logIn, lookElsewhere } from './support/console-page.ts';

const KB = new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;

interface Seen {
  alerts: { kind: string; conversationId: string; title: string; body: string }[];
  notifications: { title: string; body: string; tag: string }[];
}

/** Records the page's `agent-alert` events and the desktop notifications it shows (the browser's own, kept reachable to click). */
async function recordAlerts(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen = { alerts: [] as unknown[], notifications: [] as unknown[], shown: [] as Notification[] };
    Object.assign(window, { seen });
    document.addEventListener('agent-alert', (event) => seen.alerts.push((event as CustomEvent).detail));
    const Real = window.Notification;
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        seen.notifications.push({ title, body: options?.body, tag: options?.tag });
        seen.shown.push(this);
      }
    }
    Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
    Object.defineProperty(Recorded, 'requestPermission', { value: Real.requestPermission.bind(Real) });
    window.Notification = Recorded;
  });
}

const seen = (page: Page) => page.evaluate(() => {
  const { alerts, notifications } = (window as unknown as { seen: Seen }).seen;
  return { alerts: [...alerts], notifications: [...notifications] };
});

/** Where the console's panes are: whether the page itself scrolls, the reply box is in the window, the transcript scrolls inside. */
const layout = (page: Page) => page.evaluate(() => {
  const root = document.querySelector('agent-console')!.shadowRoot!;
  const transcript = root.querySelector('.transcript')!;
  const width = (selector: string) => Math.round(root.querySelector(selector)!.getBoundingClientRect().width);
  return {
    pageScrolls: document.documentElement.scrollHeight > innerHeight,
    replyInView: root.querySelector('form.reply button.send')!.getBoundingClientRect().bottom <= innerHeight,
    transcriptScrolls: transcript.scrollHeight > transcript.clientHeight,
    widths: { list: width('aside'), conversation: width('main'), context: width('.context') },
  };
});

describe('in a real browser: the console alerts an agent who looks elsewhere', () => {
  let server: RunningServer;
  let browser: Browser;
  let serverClosed = false;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' } }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    if (!serverClosed) await server?.close();
  });

  it('keeps a long transcript scrolling inside its pane with the reply box in view, and shows one pane at a time on a phone', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await page.goto(`${server.url}/console`);
    await logIn(page);
    const visitor = await connectVisitor(server.url);
    const conversationId = visitor.session.conversationId;
    await call(visitor.socket, 'message:send', { clientId: 'long-1', text: '转人工' });
    await call(visitor.socket, 'message:send', { clientId: 'long-2', text: Array.from({ length: 120 }, (_, i) => `第 ${i + 1} 行`).join('\n') });
    await page.locator(`agent-console .mine [data-id="${conversationId}"]`).click();
    await page.locator('agent-console .transcript', { hasText: '第 120 行' }).waitFor();
    expect(await layout(page)).toMatchObject({ pageScrolls: false, replyInView: true, transcriptScrolls: true });

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await layout(page)).toMatchObject({ pageScrolls: false, replyInView: true, transcriptScrolls: true, widths: { list: 0, conversation: 390, context: 0 } });
    await page.locator('agent-console main button.to-context').click();
    expect((await layout(page)).widths).toEqual({ list: 0, conversation: 0, context: 390 });
    await page.locator('agent-console .context button.to-conversation').click();
    await page.locator('agent-console main button.to-list').click();
    expect((await layout(page)).widths).toEqual({ list: 390, conversation: 0, context: 0 });
    await page.locator(`agent-console .mine [data-id="${conversationId}"]`).click();
    expect((await layout(page)).widths).toMatchObject({ list: 0, conversation: 390 });
    await page.locator('agent-console button.close').click();
    visitor.socket.close();
    await page.close();
  });

  it('shows a refused transfer, keeps the chosen status in its menu across a reload, and signals typing only in the agent\'s own conversations', async () => {
    const demoToken = await loginAgent(server.url);
    const admin = { authorization: `Bearer ${demoToken}`, 'content-type': 'application/json' };
    expect((await fetch(`${server.url}/api/agents`, { method: 'POST', headers: admin, body: JSON.stringify({ email: 'zhao@example.com', name: '小赵', password: 'password-123', maxConversations: 1 }) })).status).toBe(200);
    const zhao = await connectAgent(server.url, await loginAgent(server.url, 'zhao@example.com', 'password-123'));
    await call(zhao, 'presence:set', { status: 'away' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const sent: string[] = [];
    page.on('websocket', (socket) => socket.on('framesent', (frame) => sent.push(String(frame.payload))));
    await page.goto(`${server.url}/console`);
    await logIn(page);
    const [first, second] = [await connectVisitor(server.url), await connectVisitor(server.url)];
    for (const v of [first, second]) await call(v.socket, 'message:send', { clientId: 'transfer-1', text: '转人工' });
    const transferTo小赵 = async (visitor: typeof first) => {
      await page.locator(`agent-console .mine [data-id="${visitor.session.conversationId}"]`).click();
      await page.locator('agent-console .actions .state[data-state="agent"]').waitFor();
      await page.locator('agent-console select.transfer').selectOption({ label: '小赵 (离开)' });
      await page.locator('agent-console button.transfer-confirm').click();
    };
    await transferTo小赵(first);
    await page.locator(`agent-console .mine [data-id="${first.session.conversationId}"]`).waitFor({ state: 'detached' });
    await transferTo小赵(second); // 小赵 has their one conversation now
    await page.locator('agent-console .actions .error', { hasText: '小赵 已在接待 1 个会话（上限 1 个）' }).waitFor();
    await page.locator(`agent-console .mine [data-id="${second.session.conversationId}"]`).waitFor();

    // Away: a new visitor waits in the queue; after a reload the menu still says away.
    await page.locator('agent-console .top select').selectOption('away');
    const queued = await connectVisitor(server.url);
    await call(queued.socket, 'message:send', { clientId: 'transfer-2', text: '转人工' });
    await page.reload();
    await page.locator(`agent-console .queue [data-id="${queued.session.conversationId}"]`).click();
    expect(await page.locator('agent-console .top select').inputValue()).toBe('away');
    const typeIn = async (conversationId: string) => {
      await page.locator('agent-console textarea[name="text"]').pressSequentially('在的');
      await page.locator('agent-console textarea[name="text"]').fill('');
      return sent.filter((frame) => frame.includes('"typing"') && frame.includes(conversationId)).length;
    };
    expect(await typeIn(queued.session.conversationId)).toBe(0);
    await page.locator(`agent-console .mine [data-id="${second.session.conversationId}"]`).click();
    await page.locator('agent-console .actions .state[data-state="agent"]').waitFor();
    await until('typing sent in the agent\'s own conversation', () => typeIn(second.session.conversationId));
    await page.locator('agent-console .top select').selectOption('online');
    const demo = await connectAgent(server.url, demoToken);
    for (const v of [first, second, queued]) expect((await call(demo, 'conversation:close', { conversationId: v.session.conversationId })).ok).toBe(true);
    for (const socket of [demo, zhao, first.socket, second.socket, queued.socket]) socket.close();
    await page.close();
  });

  it('answers the conversation on screen: while the next one clicked is on its way, nothing of the one before can be answered', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    // Holds what the server sends the console (in order) while `held` is set: a slow network or a busy server.
    let release: () => void = () => {};
    let gate = Promise.resolve();
    await page.routeWebSocket(/socket\.io/, (ws) => {
      const server = ws.connectToServer();
      let chain = Promise.resolve();
      server.onMessage((frame) => (chain = chain.then(() => gate).then(() => ws.send(frame))));
    });
    await page.goto(`${server.url}/console`);
    await logIn(page);
    const [first, second] = [await connectVisitor(server.url), await connectVisitor(server.url)];
    for (const v of [first, second]) await call(v.socket, 'message:send', { clientId: 'switch-1', text: '转人工' });
    await page.locator(`agent-console .mine [data-id="${first.session.conversationId}"]`).click();
    await page.locator('agent-console .transcript', { hasText: '转人工' }).waitFor();

    gate = new Promise((resolve) => (release = resolve));
    await page.locator(`agent-console .mine [data-id="${second.session.conversationId}"]`).click();
    await page.locator('agent-console main .empty', { hasText: '正在打开会话' }).waitFor();
    expect(await page.locator('agent-console textarea[name="text"]').count()).toBe(0);
    setTimeout(release, 500);
    await page.locator('agent-console textarea[name="text"]').fill('这条是给第二位访客的');
    await page.locator('agent-console button.send').click();
    await until('the reply at the second visitor', () => second.messages.find((m) => m.type === 'agent-text' && m.text === '这条是给第二位访客的'));
    expect(first.messages.filter((m) => m.type === 'agent-text')).toEqual([]);
    expect(await page.locator('agent-console .mine .item.active').getAttribute('data-id')).toBe(second.session.conversationId);

    // A half-typed reply waits for the agent to come back to its conversation, and goes nowhere else.
    await page.locator('agent-console textarea[name="text"]').fill('稍等，我查一下');
    await page.locator(`agent-console .mine [data-id="${first.session.conversationId}"]`).click();
    await page.locator('agent-console .mine .item.active', { hasText: first.session.conversationId.slice(0, 8) }).waitFor();
    expect(await page.locator('agent-console textarea[name="text"]').inputValue()).toBe('');
    await page.locator(`agent-console .mine [data-id="${second.session.conversationId}"]`).click();
    await page.locator('agent-console .mine .item.active', { hasText: second.session.conversationId.slice(0, 8) }).waitFor();
    expect(await page.locator('agent-console textarea[name="text"]').inputValue()).toBe('稍等，我查一下');

    const demo = await connectAgent(server.url, await loginAgent(server.url));
    for (const v of [first, second]) expect((await call(demo, 'conversation:close', { conversationId: v.session.conversationId })).ok).toBe(true);
    for (const socket of [demo, first.socket, second.socket]) socket.close();
    await page.close();
  });

  it('counts unread messages of the agent\'s own conversations only, and leaves nothing of them to the next agent logging in after them', async () => {
    const demoToken = await loginAgent(server.url);
    expect((await fetch(`${server.url}/api/agents`, { method: 'POST', headers: { authorization: `Bearer ${demoToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'qian@example.com', name: '小钱', password: 'password-123' }) })).status).toBe(200);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await page.goto(`${server.url}/console`);
    await logIn(page);
    const mine = await connectVisitor(server.url);
    await call(mine.socket, 'message:send', { clientId: 'unread-1', text: '转人工' });
    await page.locator(`agent-console .mine [data-id="${mine.session.conversationId}"]`).click();
    await page.locator('agent-console .transcript', { hasText: '转人工' }).waitFor();
    // 小钱 comes online, less busy: the next visitor is theirs.
    const qian = await connectAgent(server.url, await loginAgent(server.url, 'qian@example.com', 'password-123'));
    const theirs = await connectVisitor(server.url);
    await call(theirs.socket, 'message:send', { clientId: 'unread-2', text: '转人工' });
    await until('小钱 serving the visitor', () => theirs.messages.find((m) => m.type === 'system' && m.event === 'assigned'));
    await lookElsewhere(page, true);
    await call(theirs.socket, 'message:send', { clientId: 'unread-3', text: '给小钱的消息' });
    await call(mine.socket, 'message:send', { clientId: 'unread-4', text: '给 Demo 的消息' });
    await page.locator('agent-console .transcript', { hasText: '给 Demo 的消息' }).waitFor();
    expect(await page.title()).toBe('(1) 客服工作台 · Agent console');
    await lookElsewhere(page, false);

    await page.locator('agent-console .top button', { hasText: '退出' }).click();
    await logIn(page, 'qian@example.com', 'password-123');
    await page.locator(`agent-console .mine [data-id="${theirs.session.conversationId}"]`).waitFor();
    // Theirs only: the one message 小钱 has not read (the server keeps it), none of Demo's.
    expect([await page.locator('agent-console .mine .item').count(), await page.locator('agent-console .transcript').count(), await page.title()]).toEqual([1, 0, '(1) 客服工作台 · Agent console']);
    const demo = await connectAgent(server.url, demoToken);
    for (const [agent, v] of [[qian, theirs], [demo, mine]] as const) expect((await call(agent, 'conversation:close', { conversationId: v.session.conversationId })).ok).toBe(true);
    for (const socket of [demo, qian, mine.socket, theirs.socket]) socket.close();
    await page.close();
  });

  it('shows the widget\'s visitor typing until they empty the box, go quiet or leave', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await page.clock.install(); // going quiet is the console's timer running out: the test moves its clock
    await page.goto(`${server.url}/console`);
    await logIn(page);
    await page.clock.pauseAt(Date.now() + 1000);
    const widget = await browser.newPage();
    await widget.goto(`${server.url}/`);
    await widget.locator('chat-widget .launcher').click();
    await widget.locator('chat-widget button.human').click();
    const item = page.locator('agent-console .mine .item').first();
    const conversationId = (await item.getAttribute('data-id'))!;
    await item.click();
    const box = widget.locator('chat-widget input[name="text"]');
    const typing = page.locator('agent-console .transcript .typing');
    await page.locator('agent-console .visitor-presence[data-online="true"]').waitFor();
    await box.pressSequentially('你好');
    await typing.waitFor();
    await box.fill('');
    await typing.waitFor({ state: 'detached' });
    await box.pressSequentially('在吗');
    await typing.waitFor();
    await page.clock.runFor(VISITOR_TYPING_MS);
    await typing.waitFor({ state: 'detached' });
    await box.pressSequentially('？');
    await typing.waitFor();
    await widget.close();
    await typing.waitFor({ state: 'detached' });
    const demo = await connectAgent(server.url, await loginAgent(server.url));
    expect((await call(demo, 'conversation:close', { conversationId })).ok).toBe(true);
    demo.close();
    await page.close();
  });

  it('speaks English to an en-US browser, shows system lines with their time alone and no waiting time on assigned conversations', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    await page.goto(`${server.url}/console`);
    expect(await page.locator('agent-console button[type="submit"]').innerText()).toBe('Log in');
    await logIn(page);
    expect(await page.locator('agent-console button.alerts').innerText()).toBe('Alerts on');
    const visitor = await connectVisitor(server.url);
    await call(visitor.socket, 'message:send', { clientId: 'english-1', text: '转人工' });
    const item = page.locator(`agent-console .mine [data-id="${visitor.session.conversationId}"]`);
    await item.click();
    await page.locator('agent-console .transcript .m.system').first().waitFor();
    expect(await item.innerText()).not.toMatch(/waiting/);
    for (const line of await page.locator('agent-console .transcript .m.system small').allInnerTexts()) expect(line).toMatch(/^\d/);
    await page.locator('agent-console button.close', { hasText: 'Close' }).click();
    visitor.socket.close();
    await page.close();
  });

  it('chimes and notifies for a new conversation and a visitor\'s message, opens it on click, stays quiet while watching, can be turned off, shows whether the visitor is still there and a lost connection', async () => {
    const context = await browser.newContext({ permissions: ['notifications'], viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await recordAlerts(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/console`);
    await page.locator('agent-console input[name="email"]').fill('demo@example.com');
    await page.locator('agent-console input[name="password"]').fill('demo1234');
    await page.locator('agent-console button[type="submit"]').click();
    const toggle = page.locator('agent-console button.alerts');
    expect(await toggle.innerText()).toBe('提醒：开'); // on by default (a Chinese browser)
    await page.locator('agent-console .app[data-connection="connected"]').waitFor();
    await lookElsewhere(page, true);

    // A visitor asks for a person: the online agent gets the conversation, and an alert.
    const visitor = await connectVisitor(server.url);
    const conversationId = visitor.session.conversationId;
    await call(visitor.socket, 'message:send', { clientId: 'alert-1', text: '转人工' });
    await until('the assignment alert', async () => (await seen(page)).notifications.find((n) => n.tag === `assigned:${conversationId}`));
    let now = await seen(page);
    expect(now.alerts.filter((a) => a.conversationId === conversationId).map((a) => [a.kind, a.title])).toEqual([['assigned', '新会话分配给你']]);

    // The visitor writes while the agent looks elsewhere: the words are in the notification.
    await call(visitor.socket, 'message:send', { clientId: 'alert-2', text: '还在吗？' });
    await until('the message alert', async () => (await seen(page)).notifications.find((n) => n.tag === `message:${conversationId}`));
    now = await seen(page);
    expect(now.notifications.at(-1)).toEqual({ title: '访客发来新消息', body: '还在吗？', tag: `message:${conversationId}` });

    // Clicking the notification brings the conversation up.
    await lookElsewhere(page, false);
    await page.evaluate(() => (window as unknown as { seen: { shown: Notification[] } }).seen.shown.at(-1)!.dispatchEvent(new Event('click')));
    await page.locator('agent-console .transcript', { hasText: '还在吗？' }).waitFor();
    await page.locator('agent-console .visitor-presence[data-online="true"]', { hasText: '在线' }).waitFor();

    // Watching the open conversation: its messages raise no alert.
    const before = (await seen(page)).alerts.length;
    await call(visitor.socket, 'message:send', { clientId: 'alert-3', text: '我想问发票' });
    await page.locator('agent-console .transcript', { hasText: '我想问发票' }).waitFor();
    expect((await seen(page)).alerts.length).toBe(before);

    // Away, the agent gets no conversation; a visitor left waiting in the queue is announced.
    // An away admin watches the agents' presence: the visitor must ask only once the server has the demo agent away,
    // or the agent still online is given them (a race under load).
    const demoToken = await loginAgent(server.url);
    const admin = { authorization: `Bearer ${demoToken}`, 'content-type': 'application/json' };
    expect((await fetch(`${server.url}/api/agents`, { method: 'POST', headers: admin, body: JSON.stringify({ email: 'watch@example.com', name: '值班', password: 'password-123', role: 'admin' }) })).status).toBe(200);
    const team = (await (await fetch(`${server.url}/api/agents`, { headers: admin })).json()) as { id: string; email: string }[];
    const demoId = team.find((a) => a.email === 'demo@example.com')!.id;
    const watcher = await connectAgent(server.url, await loginAgent(server.url, 'watch@example.com', 'password-123'));
    let presence: AgentPresence[] = [];
    watcher.on('agents', (agents) => (presence = agents));
    expect((await call(watcher, 'presence:set', { status: 'away' })).ok).toBe(true);
    await page.locator('agent-console .top select').selectOption('away');
    await until('the demo agent away', () => presence.some((a) => a.agentId === demoId && a.status === 'away'));
    const waiting = await connectVisitor(server.url);
    await call(waiting.socket, 'message:send', { clientId: 'alert-5', text: '转人工' });
    await page.locator(`agent-console .queue [data-id="${waiting.session.conversationId}"]`).waitFor();
    await until('the queue alert', async () => (await seen(page)).alerts.find((a) => a.conversationId === waiting.session.conversationId));
    now = await seen(page);
    expect(now.alerts.at(-1)).toMatchObject({ kind: 'queued', title: '新访客在排队' });
    expect(now.notifications.length).toBe(2); // the console was in view
    waiting.socket.close();
    watcher.close();

    // Turned off (and kept off after a reload): nothing, even looking elsewhere.
    await toggle.click();
    expect(await toggle.innerText()).toBe('提醒：关');
    await lookElsewhere(page, true);
    await call(visitor.socket, 'message:send', { clientId: 'alert-4', text: '有人吗' });
    await page.locator('agent-console .transcript', { hasText: '有人吗' }).waitFor();
    now = await seen(page);
    expect([now.alerts.length, now.notifications.length]).toEqual([before + 1, 2]);
    // The visitor closes the widget's page: the agent sees they left.
    visitor.socket.close();
    await page.locator('agent-console .visitor-presence[data-online="false"]', { hasText: '已离开' }).waitFor();
    await page.reload();
    expect(await page.locator('agent-console button.alerts').innerText()).toBe('提醒：关');

    // The agent sees when the console lost the server.
    await page.locator('agent-console .app[data-connection="connected"]').waitFor();
    expect(await page.locator('agent-console .connection').count()).toBe(0);
    await server.close();
    serverClosed = true;
    await page.locator('agent-console .connection', { hasText: '连接中断，正在重新连接' }).waitFor();
    await context.close();
  });
});
