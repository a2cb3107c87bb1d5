import { mkdir, readFile } from 'node:fs/promises';
import { parseFlows } from '../packages/core/src/index.ts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { launchBrowser } from './support/browser.ts';
import { call, connectAgent, connectVisitor, loginAgent, until } from './support/clients.ts';
import { PNG } from './support/files.ts';
import { openWidget } from './support/widget-page.ts';

const KB = new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;
const FLOWS = new URL('../examples/demo/flows.yaml', import.meta.url).pathname;
const SHOTS = new URL('../.scratch/screenshots/', import.meta.url).pathname;

describe('in a real browser: the widget and the agent console', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ port: 0, knowledge: KB, bot: { flows: parseFlows(await readFile(FLOWS, 'utf8')) }, demoAgent: { email: 'demo@example.com', password: 'demo1234' } }), launchBrowser()]);
    await mkdir(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('embeds with one script tag, answers, shows hostile text as text, and keeps history across a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.url}/`);
    const launcher = await page.locator('chat-widget .launcher svg').evaluate((svg) => svg.getBoundingClientRect().width);
    expect(launcher).toBe(26);
    await page.locator('chat-widget .launcher').click();
    const input = page.locator('chat-widget input[name="text"]');
    await input.fill('课程可以退宽吗');
    await input.press('Enter');
    await page.locator('chat-widget .msg.bot', { hasText: '7 天内' }).waitFor();
    // The feedback and attach icons are drawn (SVG), not emoji a machine without an emoji font shows as boxes.
    const icons = await page.locator('chat-widget .msg.bot .feedback button svg, chat-widget form.compose .attach svg').evaluateAll((svgs) => svgs.map((svg) => ({ width: svg.getBoundingClientRect().width, drawn: svg.querySelector('path') instanceof SVGPathElement && (svg.querySelector('path') as SVGPathElement).getTotalLength() > 10 })));
    expect(icons).toEqual([{ width: 14, drawn: true }, { width: 14, drawn: true }, { width: 18, drawn: true }]);

    await input.fill('<img src=x onerror=alert(1)>');
    await input.press('Enter');
    await page.locator('chat-widget .msg.visitor', { hasText: '<img src=x onerror=alert(1)>' }).waitFor();
    expect(await page.locator('chat-widget .log img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: `${SHOTS}widget-desktop.png` });

    await page.reload();
    await page.locator('chat-widget .launcher').click();
    await page.locator('chat-widget .msg.visitor', { hasText: '课程可以退宽吗' }).waitFor();
    await page.locator('chat-widget .msg.bot', { hasText: '7 天内' }).waitFor();
    await page.close();
  });

  it('mounts one widget for a page\'s own <chat-widget> below a script tag in <head>, styled from the page\'s :root', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.setContent(`<!doctype html><html><head><script src="${server.url}/widget.js"></script><style>:root { --chat-color: rgb(200, 0, 0); }</style></head>
      <body><chat-widget server="${server.url}" lang="zh-CN"></chat-widget></body></html>`);
    await page.locator('chat-widget .launcher').waitFor();
    expect(await page.locator('chat-widget').count()).toBe(1);
    expect(await page.locator('chat-widget .launcher').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(200, 0, 0)');
    await page.close();
  });

  it('refuses a message the server will never take with the reason and keeps it out of the outbox, and says when sending too fast', async () => {
    const { page, say } = await openWidget(browser, `${server.url}/`);
    const widget = page.locator('chat-widget');
    await widget.evaluate((w: HTMLElement & { send(text: string): void }) => w.send('x'.repeat(100_000)));
    await page.locator('chat-widget .msg.visitor.failed', { hasText: '消息最长 4000 个字' }).waitFor();
    // The connection is still up: the next question is answered.
    await say('怎么开发票');
    await page.locator('chat-widget .msg.bot', { hasText: '申请发票' }).waitFor();
    // Kept by an older widget: one over the limit and one the server refuses (a reserved clientId); both shown once, neither kept.
    await page.evaluate(() => localStorage.setItem('chatbot.outbox', JSON.stringify([{ clientId: 'old-1', text: 'y'.repeat(100_000), state: 'failed' }, { clientId: 'reply-to:old', text: 'posing as a reply', state: 'failed' }])));
    await page.reload();
    await page.locator('chat-widget .launcher').click();
    await page.locator('chat-widget .msg.visitor.failed', { hasText: 'reserved' }).waitFor();
    await page.locator('chat-widget .msg.visitor.failed', { hasText: '消息最长 4000 个字' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('chatbot.outbox'))).toBe('[]');
    await page.locator('chat-widget .msg.visitor.failed', { hasText: 'reserved' }).click();
    await page.locator('chat-widget .msg.visitor.failed', { hasText: 'reserved' }).waitFor({ state: 'detached' });

    // A burst beyond the per-visitor limit: the refused ones say why and stay to be retried.
    await widget.evaluate((w: HTMLElement & { send(text: string): void }) => Array.from({ length: 8 }, (_, i) => w.send(`burst ${i}`)));
    await page.locator('chat-widget .msg.visitor.failed', { hasText: '发送太频繁' }).first().waitFor();
    expect(await page.evaluate(() => (JSON.parse(localStorage.getItem('chatbot.outbox') ?? '[]') as unknown[]).length)).toBeGreaterThan(0);
    await page.close();
  });

  it('connects again after the server refused the connection, once it lets the visitor in', async () => {
    const { page, say } = await openWidget(browser, `${server.url}/`);
    await say('怎么开发票');
    await page.locator('chat-widget .msg.bot', { hasText: '申请发票' }).waitFor();
    const visitor = await connectVisitor(server.url, { visitorToken: await page.evaluate(() => localStorage.getItem('chatbot.visitorToken')) });
    visitor.socket.close();
    const admin = { authorization: `Bearer ${await loginAgent(server.url)}`, 'content-type': 'application/json' };
    const block = (blocked: boolean) => fetch(`${server.url}/api/visitors/${visitor.session.visitorId}/block`, { method: 'POST', headers: admin, body: JSON.stringify({ blocked }) });
    expect((await block(true)).status).toBe(200);
    let refused = false;
    page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => {
      if (String(payload).includes('VISITOR_BLOCKED')) refused = true;
    }));
    await page.reload();
    await page.locator('chat-widget .launcher').click();
    await until('the refused connection', () => refused);
    expect(await page.locator('chat-widget input[name="text"]').getAttribute('placeholder')).toBe('连接中…');
    expect((await block(false)).status).toBe(200);
    await page.locator('chat-widget input[name="text"][placeholder="请输入您的问题…"]').waitFor();
    await page.locator('chat-widget .msg.bot', { hasText: '申请发票' }).waitFor();
    await page.close();
  });

  it('serves the demo page, the console and the dashboard with their icon and no failed request', async () => {
    for (const path of ['/', '/console', '/dashboard']) {
      const page = await browser.newPage();
      const failed: string[] = [];
      page.on('response', (response) => {
        if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
      });
      page.on('console', (message) => {
        if (message.type() === 'error') failed.push(message.text());
      });
      await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
      const icon = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? null);
      expect([path, icon]).toEqual([path, `${server.url}/favicon.svg`]);
      expect(failed).toEqual([]);
      await page.close();
    }
    // Browsers and crawlers ask for /favicon.ico whatever the page says.
    for (const path of ['/favicon.svg', '/favicon.ico']) {
      const response = await fetch(`${server.url}${path}`);
      expect([path, response.status, response.headers.get('content-type'), (await response.text()).startsWith('<svg')]).toEqual([path, 200, 'image/svg+xml', true]);
    }
  });

  it('keeps a closed conversation above the next one in the widget, live and after reconnecting', async () => {
    const { page, say } = await openWidget(browser, `${server.url}/`);
    await say('课程可以退宽吗');
    await page.locator('chat-widget .msg.bot', { hasText: '7 天内' }).waitFor();
    const token = await page.evaluate(() => localStorage.getItem('chatbot.visitorToken'));
    const first = await connectVisitor(server.url, { visitorToken: token });
    first.socket.close();
    const agent = await connectAgent(server.url, await loginAgent(server.url));
    expect((await call(agent, 'conversation:close', { conversationId: first.session.conversationId })).ok).toBe(true);
    agent.close();
    await page.locator('chat-widget .system', { hasText: '会话已结束' }).waitFor();

    // The next question starts a new conversation, whose sequence numbers start again at 1.
    await say('怎么预约试听课');
    await page.locator('chat-widget .msg.bot', { hasText: '试听' }).waitFor();
    const order = async () => (await page.locator('chat-widget .log > *').allInnerTexts()).map((t) => t.trim());
    const expectNewAfterOld = (texts: string[]) => {
      const closed = texts.findIndex((t) => t.includes('会话已结束'));
      const asked = texts.findIndex((t) => t === '怎么预约试听课');
      expect(closed).toBeGreaterThan(0);
      expect(asked).toBeGreaterThan(closed);
    };
    expectNewAfterOld(await order());

    // That one is closed too, and the visitor writes from another tab: the widget, reconnecting, fetches the
    // third conversation from its start although its last message had a higher sequence number.
    const second = await connectVisitor(server.url, { visitorToken: token });
    const closer = await connectAgent(server.url, await loginAgent(server.url));
    expect((await call(closer, 'conversation:close', { conversationId: second.session.conversationId })).ok).toBe(true);
    closer.close();
    await until('two closed conversations in the widget', async () => (await order()).filter((t) => t.includes('会话已结束')).length === 2);
    await call(second.socket, 'message:send', { clientId: 'other-tab', text: '发票怎么开' });
    await until('the answer in the other tab', () => second.messages.find((m) => m.type === 'bot-answer' && m.text.includes('发票')));
    second.socket.close();
    await page.locator('chat-widget').evaluate((widget: HTMLElement & { identify(i: object): void }) => widget.identify({ id: 'same-visitor', hmac: 'ignored without IDENTITY_SECRET' }));
    await page.locator('chat-widget .msg.visitor', { hasText: '发票怎么开' }).waitFor();
    const texts = await order();
    expect(texts.findIndex((t) => t === '发票怎么开')).toBeGreaterThan(texts.lastIndexOf(texts.find((t) => t.includes('会话已结束'))!));
    await page.close();
  });

  it('goes on anonymously, and tells the page, when identify() is given an identity the server cannot verify', async () => {
    const verifying = await startServer({ port: 0, knowledge: new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname, identitySecret: 'identity-secret-0123456789' });
    const page = await browser.newPage();
    try {
      await page.goto(`${verifying.url}/`);
      await page.locator('chat-widget .launcher').click();
      const refused = page.evaluate(() => new Promise<string>((resolve) => document.querySelector('chat-widget')!.addEventListener('identity-error', (e) => resolve((e as CustomEvent<{ message: string }>).detail.message))));
      await page.locator('chat-widget').evaluate((widget: HTMLElement & { identify(i: object): void }) => widget.identify({ id: 'u-1', name: 'x', hmac: 'deadbeef' }));
      expect(await refused).toMatch(/^IDENTITY_INVALID/);
      expect(await page.evaluate(() => localStorage.getItem('chatbot.identity'))).toBeNull();
      const input = page.locator('chat-widget input[name="text"]');
      await input.fill('课程可以退款吗');
      await input.press('Enter');
      await page.locator('chat-widget .msg.bot', { hasText: '7 天内' }).waitFor();
    } finally {
      await page.close();
      await verifying.close();
    }
  });

  it('hands the visitor of a page whose script tag names an agents\' group (data-group) to that group', async () => {
    const { createServer } = await import('node:http');
    const shop = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="zh-CN"><body><script src="${server.url}/widget.js" data-server="${server.url}" data-group="售前"></script></body></html>`));
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(shop.address() as { port: number }).port}/pricing`);
    await page.locator('chat-widget .launcher').click();
    await page.locator('chat-widget button.human').click();
    const token = await loginAgent(server.url);
    const handed = await until('the hand-off', async () => ((await (await fetch(`${server.url}/api/conversations`, { headers: { authorization: `Bearer ${token}` } })).json()) as { id: string; group?: string; visitor: { page?: string }; state: string }[]).find((c) => c.group === '售前'), 250);
    expect(handed.visitor.page).toBe('/pricing');
    expect(['queued', 'agent']).toContain(handed.state);
    await page.close();
    shop.close();
    // Closed, so the console tests below find only their own visitors.
    const agent = await connectAgent(server.url, token);
    expect((await call(agent, 'conversation:close', { conversationId: handed.id })).ok).toBe(true);
    agent.close();
  });

  it('offers "did you mean" chips that answer when clicked', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/`);
    await page.locator('chat-widget .launcher').click();
    const input = page.locator('chat-widget input[name="text"]');
    await input.fill('price');
    await input.press('Enter');
    const chip = page.locator('chat-widget .chips button').first();
    await chip.waitFor();
    await page.screenshot({ path: `${SHOTS}widget-mobile.png` });
    await chip.click();
    await page.locator('chat-widget .msg.bot', { hasText: '180' }).waitFor();
    await page.close();
  });

  it('walks a task flow with choice chips', async () => {
    const { page, say } = await openWidget(browser, `${server.url}/`);
    await say('我要预约试听');
    await page.locator('chat-widget .msg.bot', { hasText: '孩子今年几岁' }).waitFor();
    await say('九岁');
    await page.locator('chat-widget .chips button', { hasText: '编程' }).click();
    await page.locator('chat-widget .msg.visitor', { hasText: '编程' }).waitFor();
    await page.locator('chat-widget .msg.bot', { hasText: '希望哪天上课' }).waitFor();
    // The subject question is answered: its chips are gone, so a stray click cannot answer the date question with "编程".
    expect(await page.locator('chat-widget .chips button', { hasText: '编程' }).count()).toBe(0);
    await page.close();
  });

  it('lets an agent log in, take a queued visitor, and reply to their socket.io client (typed, and a canned reply found with /) and their widget', async () => {
    const visitorPage = await browser.newPage();
    await visitorPage.goto(`${server.url}/`);
    await visitorPage.locator('chat-widget .launcher').click();
    await visitorPage.locator('chat-widget button.human').click();
    await visitorPage.locator('chat-widget .status').waitFor();

    const visitor = await connectVisitor(server.url);
    await call(visitor.socket, 'message:send', { clientId: 'e2e-1', text: '转人工' });
    const admin = { authorization: `Bearer ${await loginAgent(server.url)}`, 'content-type': 'application/json' };
    for (const canned of [{ title: '退款进度', text: '退款已提交，3–5 个工作日原路退回。' }, { title: '退费说明', text: '未上的课时按原价全额退费。' }, { title: '问候', text: '您好，很高兴为您服务。' }]) {
      expect((await fetch(`${server.url}/api/canned-replies`, { method: 'POST', headers: admin, body: JSON.stringify(canned) })).status).toBe(200);
    }

    const agentPage = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await agentPage.goto(`${server.url}/console`);
    await agentPage.locator('agent-console input[name="password"]').fill('wrong-password');
    await agentPage.locator('agent-console input[name="email"]').fill('demo@example.com');
    await agentPage.locator('agent-console button[type="submit"]').click();
    await agentPage.locator('agent-console .error').waitFor();
    await agentPage.locator('agent-console input[name="password"]').fill('demo1234');
    await agentPage.locator('agent-console button[type="submit"]').click();

    // Online agents get queued visitors automatically: the socket visitor shows up under "my conversations".
    const mine = agentPage.locator(`agent-console .mine [data-id="${visitor.session.conversationId}"]`);
    await mine.waitFor();
    await mine.click();
    await agentPage.locator('agent-console .transcript', { hasText: '转人工' }).waitFor();
    // The context is in words, not codes: why the visitor is here and where the conversation stands.
    expect(await agentPage.locator('agent-console .actions .state').innerText()).toBe('人工接待中'); // a Chinese browser
    await agentPage.locator('agent-console .context dd', { hasText: '访客要求' }).waitFor();
    expect(await agentPage.locator('agent-console .context button.suggestion').count()).toBe(0); // nothing asked but a person
    await agentPage.locator('agent-console textarea[name="text"]').fill('您好，我是人工客服小王。');
    await agentPage.locator('agent-console button.send').click();
    await until('the reply at the visitor socket', () => visitor.messages.find((m: ChatMessage) => m.type === 'agent-text' && m.text === '您好，我是人工客服小王。'));

    // "/" searches the canned replies: the arrows pick, Tab or Enter inserts, Escape closes, Enter then sends.
    const box = agentPage.locator('agent-console textarea[name="text"]');
    const options = agentPage.locator('agent-console .canned-picker li');
    await box.pressSequentially('/退');
    // The canned replies load after login: wait for the picker to show the matches.
    await expect.poll(() => options.locator('strong').allInnerTexts()).toEqual(expect.arrayContaining(['退款进度', '退费说明']));
    await box.press('ArrowDown');
    const picked = await agentPage.locator('agent-console .canned-picker li.active span').innerText();
    await box.press('Tab');
    expect([await box.inputValue(), await options.count()]).toEqual([picked, 0]);
    await box.fill('');
    await box.pressSequentially('/问候');
    await box.press('Escape');
    expect([await options.count(), await box.inputValue()]).toEqual([0, '/问候']);
    await box.fill('');
    await box.pressSequentially('/退款');
    await box.press('Enter');
    expect(await box.inputValue()).toBe('退款已提交，3–5 个工作日原路退回。');
    await box.press('Enter');
    await until('the canned reply at the visitor socket', () => visitor.messages.find((m: ChatMessage) => m.type === 'agent-text' && m.text === '退款已提交，3–5 个工作日原路退回。'));
    await agentPage.screenshot({ path: `${SHOTS}console.png` });

    // The widget visitor was queued first and is also with the agent now: reply to them through the console.
    // (Picked by id: an earlier test's visitor may be with the agent too, handed off after the bot missed their burst.)
    const sameVisitor = await connectVisitor(server.url, { visitorToken: await visitorPage.evaluate(() => localStorage.getItem('chatbot.visitorToken')) });
    sameVisitor.socket.close();
    await agentPage.locator(`agent-console .mine [data-id="${sameVisitor.session.conversationId}"]`).click();
    await agentPage.locator('agent-console textarea[name="text"]').fill('Hello from the console');
    await agentPage.locator('agent-console button.send').click();
    await visitorPage.locator('chat-widget .msg.agent', { hasText: 'Hello from the console' }).waitFor();
    await visitorPage.screenshot({ path: `${SHOTS}widget-with-agent.png` });

    await agentPage.locator('agent-console button.close').click();
    await visitorPage.locator('chat-widget .stars').waitFor();
    visitor.socket.close();
    await agentPage.close();
    await visitorPage.close();
  });

  it('sends a picture from the widget (picked or pasted) that the agent sees, carries the agent\'s PDF back, and shows it beside the visitor\'s next conversation', async () => {
    const visitorPage = await browser.newPage();
    await visitorPage.goto(`${server.url}/`);
    await visitorPage.locator('chat-widget .launcher').click();
    await visitorPage.locator('chat-widget input[type="file"]').setInputFiles({ name: '订单截图.png', mimeType: 'image/png', buffer: PNG });
    const picture = visitorPage.locator('chat-widget .msg.visitor .file img').first();
    await picture.waitFor();
    // Loaded from the server for real: the 1×1 PNG has its width.
    await until('the picture to load', () => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 1));
    await visitorPage.locator('chat-widget .msg.bot', { hasText: '看不懂图片' }).waitFor();

    // A picture pasted into the text box is sent too.
    await visitorPage.locator('chat-widget input[name="text"]').evaluate((input, bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'pasted.png', { type: 'image/png' }));
      input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, [...PNG]);
    await until('the pasted picture', async () => (await visitorPage.locator('chat-widget .msg.visitor .file img').count()) === 2);
    // Something that is not a picture or PDF is refused with the reason, and nothing is sent.
    await visitorPage.locator('chat-widget input[type="file"]').setInputFiles({ name: 'notes.html', mimeType: 'text/html', buffer: Buffer.from('<script>alert(1)</script>') });
    const refused = visitorPage.locator('chat-widget .msg.failed', { hasText: 'PDF' });
    await refused.waitFor();
    await refused.click();
    await refused.waitFor({ state: 'detached' });
    // Two pictures in a row: the bot offered a person once.
    expect(await visitorPage.locator('chat-widget .msg.bot', { hasText: '看不懂图片' }).count()).toBe(1);

    await visitorPage.locator('chat-widget .msg.bot button', { hasText: '转人工' }).first().click();
    const agentPage = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await agentPage.goto(`${server.url}/console`);
    await agentPage.locator('agent-console input[name="email"]').fill('demo@example.com');
    await agentPage.locator('agent-console input[name="password"]').fill('demo1234');
    await agentPage.locator('agent-console button[type="submit"]').click();
    // The widget's conversation, found through its visitor token.
    const token = await visitorPage.evaluate(() => localStorage.getItem('chatbot.visitorToken'));
    const same = await connectVisitor(server.url, { visitorToken: token });
    same.socket.close();
    const conversation = agentPage.locator(`agent-console .mine [data-id="${same.session.conversationId}"]`);
    await conversation.waitFor();
    await conversation.click();
    const seen = agentPage.locator('agent-console .transcript .visitor-file img').first();
    await seen.waitFor();
    await until('the picture in the console', () => seen.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 1));

    await agentPage.locator('agent-console label.attach input[type="file"]').setInputFiles({ name: '发票.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    const link = visitorPage.locator('chat-widget .msg.agent a.file.doc', { hasText: '发票.pdf' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/\/api\/files\/[\w-]{22}$/);
    await visitorPage.screenshot({ path: `${SHOTS}widget-files.png` });
    await agentPage.locator('agent-console button.close').click();

    // The visitor comes back: the agent sees their earlier conversation, pictures included, beside the new one.
    await visitorPage.locator('chat-widget .stars').waitFor();
    await visitorPage.locator('chat-widget input[name="text"]').fill('转人工');
    await visitorPage.locator('chat-widget input[name="text"]').press('Enter');
    const next = await until('the new conversation', async () => {
      const again = await connectVisitor(server.url, { visitorToken: token });
      again.socket.close();
      return again.session.conversationId !== same.session.conversationId && again.session.conversationId;
    });
    await agentPage.locator(`agent-console .mine [data-id="${next}"]`).click();
    const earlier = agentPage.locator(`agent-console .earlier [data-id="${same.session.conversationId}"]`);
    await earlier.waitFor();
    await earlier.click();
    await agentPage.locator('agent-console .transcript .visitor-file img').first().waitFor();
    await agentPage.close();
    await visitorPage.close();
  });
});

describe('in a real browser: the widget inside a Lit application (examples/widget-lit-app)', () => {
  let server: RunningServer;
  let browser: Browser;
  let site: import('node:http').Server;
  let siteUrl: string;
  beforeAll(async () => {
    const { createServer } = await import('node:http');
    const { readFile } = await import('node:fs/promises');
    const { execFileSync } = await import('node:child_process');
    const example = new URL('../examples/widget-lit-app/', import.meta.url).pathname;
    execFileSync(process.execPath, ['--import', 'tsx', `${example}build.ts`], { stdio: 'ignore' });
    site = createServer(async (request, response) => {
      const path = request.url === '/' ? 'index.html' : (request.url ?? '').replace(/^\//, '');
      if (!['index.html', 'dist/app.js'].includes(path)) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': path.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(await readFile(`${example}${path}`));
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const address = site.address();
    siteUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    [server, browser] = await Promise.all([startServer({ port: 0, knowledge: KB }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    site?.close();
  });

  it('opens the widget from the app and answers through the JS API, across origins', async () => {
    const page = await browser.newPage();
    await page.addInitScript((url) => Object.assign(window, { CHAT_SERVER: url }), server.url);
    await page.goto(siteUrl);
    await page.locator('shop-app button.ask-refund').click();
    await page.locator('shop-app chat-widget .msg.bot', { hasText: 'refund' }).first().waitFor();
    await page.locator('shop-app chat-widget button.human').click();
    await page.locator('shop-app .status', { hasText: 'queued' }).waitFor();
    await page.close();
  });
});

describe('in a real browser: the widget through a server outage', () => {
  it('keeps a message typed while the server is down and sends it once when it is back; remembers its vote and left message across a reload; says when a rating was not saved', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dataDir = await mkdtemp(`${tmpdir()}/chatbot-outage-`);
    const browser = await launchBrowser();
    let second: RunningServer | undefined;
    // Nobody works now: a hand-off offers the leave-a-message form.
    const hour = new Date().getHours();
    const options = { knowledge: KB, dataDir, handoff: { workingHours: { from: (hour + 2) % 24, to: (hour + 3) % 24 } }, demoAgent: { email: 'demo@example.com', password: 'demo1234' } };
    try {
      const first = await startServer({ port: 0, ...options });
      const page = await browser.newPage();
      await page.goto(`${first.url}/`);
      await page.locator('chat-widget .launcher').click();
      const input = page.locator('chat-widget input[name="text"]');
      await input.fill('怎么开发票');
      await input.press('Enter');
      await page.locator('chat-widget .msg.bot', { hasText: '申请发票' }).waitFor();

      await first.close();
      await input.fill('课程可以退款吗');
      await input.press('Enter');
      await page.locator('chat-widget .msg.visitor.failed, chat-widget .msg.visitor.pending', { hasText: '课程可以退款吗' }).waitFor();

      second = await startServer({ port: first.port, ...options });
      await page.locator('chat-widget .msg.bot', { hasText: '7 天内' }).waitFor({ timeout: 30_000 });
      const delivered = page.locator('chat-widget .msg.visitor:not(.failed):not(.pending)', { hasText: '课程可以退款吗' });
      expect(await delivered.count()).toBe(1);
      expect(await page.locator('chat-widget .msg.visitor.failed, chat-widget .msg.visitor.pending').count()).toBe(0);

      const refund = page.locator('chat-widget .msg.bot', { hasText: '7 天内' });
      await refund.locator('.feedback button').first().click();
      await refund.locator('.feedback', { hasText: '感谢反馈' }).waitFor();
      await page.locator('chat-widget button.human').click();
      await page.locator('chat-widget form.leave input[name="contact"]').fill('13800000000');
      await page.locator('chat-widget form.leave textarea[name="message"]').fill('请回电');
      await page.locator('chat-widget form.leave button[type="submit"]').click();
      await page.locator('chat-widget .system', { hasText: '留言已提交' }).waitFor();
      await page.reload();
      await page.locator('chat-widget .launcher').click();
      await page.locator('chat-widget .system', { hasText: '留言已提交' }).waitFor();
      expect(await page.locator('chat-widget form.leave').count()).toBe(0);
      expect(await refund.locator('.feedback').innerText()).toBe('感谢反馈');
      expect(await page.locator('chat-widget .msg.bot', { hasText: '申请发票' }).locator('.feedback button').count()).toBe(2);

      // Closed by an agent, then the server goes away before the visitor rates: the widget says the rating was not saved.
      const same = await connectVisitor(second.url, { visitorToken: await page.evaluate(() => localStorage.getItem('chatbot.visitorToken')) });
      same.socket.close();
      const agent = await connectAgent(second.url, await loginAgent(second.url));
      expect((await call(agent, 'conversation:close', { conversationId: same.session.conversationId })).ok).toBe(true);
      agent.close();
      await page.locator('chat-widget .stars').waitFor();
      await second.close();
      second = undefined;
      await page.locator('chat-widget input[name="text"][placeholder="连接中…"]').waitFor();
      await page.locator('chat-widget .stars button[aria-label="5 星（非常满意）"]').click();
      await page.locator('chat-widget .refusal', { hasText: '评分没有提交成功' }).waitFor();
      expect([await page.locator('chat-widget .stars').count(), await page.locator('chat-widget .system', { hasText: '感谢您的评价' }).count()]).toEqual([1, 0]);
      await page.close();
    } finally {
      await browser.close();
      await second?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
