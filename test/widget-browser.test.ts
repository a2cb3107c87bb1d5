import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityHmac } from '../packages/server/src/auth/identity.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { launchBrowser } from './support/browser.ts';
import { call, connectAgent, connectVisitor, loginAgent, until, type AgentClient } from './support/clients.ts';
import { PNG } from './support/files.ts';
import { openWidget } from './support/widget-page.ts';

const KB = new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;

describe('in a real browser: what the widget visitor sees', () => {
  let server: RunningServer;
  let browser: Browser;
  /** The demo agent, online: visitors handed off are assigned to them. */
  let agent: AgentClient;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' } }), launchBrowser()]);
    agent = await connectAgent(server.url, await loginAgent(server.url));
  });
  afterAll(async () => {
    agent?.close();
    await browser?.close();
    await server?.close();
  });

  /** The visitor's open conversation as the server has it (found through the widget's visitor token). */
  async function conversationOf(page: Page) {
    const same = await connectVisitor(server.url, { visitorToken: await page.evaluate(() => localStorage.getItem('chatbot.visitorToken')) });
    same.socket.close();
    return same.session;
  }

  /** Waits until the visitor's conversation is with the agent, then the agent closes it. */
  async function agentCloses(page: Page): Promise<void> {
    const served = await until('the visitor with the agent', async () => {
      const session = await conversationOf(page);
      return session.state === 'agent' && session;
    });
    expect((await call(agent, 'conversation:close', { conversationId: served.conversationId })).ok).toBe(true);
  }

  it('counts as unread only replies that arrive while the panel is closed, not the history a reload loads', async () => {
    // A shop's page that asks for the count in its title.
    const shop = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="zh-CN"><head><title>Shop</title></head><body><script src="${server.url}/widget.js" data-notify-title></script></body></html>`));
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    const { page, say } = await openWidget(browser, `http://127.0.0.1:${(shop.address() as AddressInfo).port}/`);
    await say('怎么开发票');
    await page.locator('chat-widget .msg.bot', { hasText: '申请发票' }).waitFor();
    await page.reload();
    await page.waitForFunction(() => (document.querySelector('chat-widget') as unknown as { connection?: { messages: unknown[] } } | null)?.connection?.messages.length === 2);
    expect([await page.locator('chat-widget .badge').count(), await page.title()]).toEqual([0, 'Shop']);

    // The same visitor asks from another tab: the answer arrives live and counts once (their own question does not).
    const otherTab = await connectVisitor(server.url, { visitorToken: await page.evaluate(() => localStorage.getItem('chatbot.visitorToken')) });
    await call(otherTab.socket, 'message:send', { clientId: 'other-tab-1', text: '课程可以退款吗' });
    await page.locator('chat-widget .badge', { hasText: '1' }).waitFor();
    expect(await page.title()).toBe('(1) Shop');
    expect(await page.locator('chat-widget .launcher').getAttribute('aria-label')).toBe('打开客服对话 (1 条未读消息)');
    otherTab.socket.close();
    await page.close();
    shop.close();
  });

  it('shows a bot answer\'s 👍/👎 right below its text, with no blank line or indentation from the markup', async () => {
    const { page, say } = await openWidget(browser, `${server.url}/`);
    await say('怎么开发票');
    const answer = page.locator('chat-widget .msg.bot', { hasText: '申请发票' });
    await answer.waitFor();
    const beforeButtons = await answer.evaluate((msg) => {
      const range = document.createRange();
      range.setStartBefore(msg.firstChild!);
      range.setEndBefore(msg.querySelector('.feedback')!);
      return range.toString();
    });
    expect(beforeButtons).toBe(beforeButtons.trimEnd());
    await page.close();
  });

  it('shows where the keyboard focus is in the message box', async () => {
    const { page, input } = await openWidget(browser, `${server.url}/`);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await input.evaluate((box) => [box.matches(':focus-visible'), getComputedStyle(box).outlineStyle])).toEqual([true, 'solid']);
    await page.close();
  });

  it('says when a vote was not taken because the visitor was too fast, and keeps the buttons', async () => {
    const { page, say } = await openWidget(browser, `${server.url}/`);
    await say('怎么开发票');
    const answer = page.locator('chat-widget .msg.bot', { hasText: '申请发票' });
    await answer.waitFor();
    // A burst beyond the per-visitor limit; the vote goes as soon as the first message is refused for it.
    await page.locator('chat-widget').evaluate(async (w: HTMLElement & { send(text: string): void }) => {
      for (let i = 0; i < 8; i++) w.send(`burst ${i}`);
      while (!w.shadowRoot!.querySelector('.msg.visitor.failed')) await new Promise((resolve) => setTimeout(resolve, 5));
      w.shadowRoot!.querySelector<HTMLButtonElement>('.feedback button')!.click();
    });
    await answer.locator('.feedback .refusal[role="alert"]', { hasText: '操作太频繁' }).waitFor();
    expect(await answer.locator('.feedback button').count()).toBe(2);
    await page.close();
  });

  it('keeps a pasted text over 4,000 characters whole in the box and says it is too long instead of cutting it', async () => {
    const { page, input } = await openWidget(browser, `${server.url}/`);
    await input.focus();
    await page.keyboard.insertText('长'.repeat(4500));
    expect((await input.inputValue()).length).toBe(4500);
    await input.press('Enter');
    await page.locator('chat-widget .refusal[role="alert"]', { hasText: '消息最长 4000 个字' }).waitFor();
    expect([(await input.inputValue()).length, await page.locator('chat-widget .msg.visitor').count()]).toEqual([4500, 0]);
    await page.close();
  });

  it('stays open on Escape while an input method is composing, and keeps the draft when closed and opened again', async () => {
    const { page, input } = await openWidget(browser, `${server.url}/`);
    await input.fill('我想问一下');
    await input.evaluate((box) => box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', isComposing: true, bubbles: true, composed: true })));
    expect(await page.locator('chat-widget .panel').isVisible()).toBe(true);
    await input.press('Escape');
    await page.locator('chat-widget .panel').waitFor({ state: 'hidden' });
    await page.locator('chat-widget .launcher').click();
    expect(await input.inputValue()).toBe('我想问一下');
    await page.close();
  });

  it('shows a vote given in one tab in the visitor\'s other tab', async () => {
    const context = await browser.newContext();
    const [here, there] = [await context.newPage(), await context.newPage()];
    for (const page of [here, there]) {
      await page.goto(`${server.url}/`);
      await page.locator('chat-widget .launcher').click();
      await page.waitForFunction(() => localStorage.getItem('chatbot.visitorToken')); // the second tab is the same visitor
    }
    await here.locator('chat-widget input[name="text"]').fill('怎么开发票');
    await here.locator('chat-widget input[name="text"]').press('Enter');
    const answer = (page: Page) => page.locator('chat-widget .msg.bot', { hasText: '申请发票' });
    await answer(there).locator('.feedback button').first().waitFor();
    await answer(here).locator('.feedback button').first().click();
    await answer(there).locator('.feedback', { hasText: '感谢反馈' }).waitFor();
    await context.close();
  });

  it('on a phone, keeps the newest message in view as the keyboard shrinks the panel and pictures load, without pulling down a visitor who scrolled up', async () => {
    const { page } = await openWidget(browser, `${server.url}/`, { viewport: { width: 390, height: 640 }, isMobile: true, hasTouch: true });
    expect(await page.locator('chat-widget input[name="text"]').evaluate((box) => getComputedStyle(box).fontSize)).toBe('16px');
    await page.waitForFunction(() => localStorage.getItem('chatbot.visitorToken'));
    const otherTab = await connectVisitor(server.url, { visitorToken: await page.evaluate(() => localStorage.getItem('chatbot.visitorToken')) });
    const ask = async (n: number, text: string) => {
      await call(otherTab.socket, 'message:send', { clientId: `phone-${n}`, text });
      await until(`answer ${n}`, async () => (await page.locator('chat-widget .msg.bot').count()) >= n + 2); // the greeting, then one answer each
    };
    for (const [n, text] of ['怎么开发票', '课程可以退款吗', '怎么预约试听课', '怎么开发票'].entries()) await ask(n, text);
    const log = page.locator('chat-widget .log');
    const gapBelow = () => log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    const atBottom = () => until('the newest message in view', async () => (await gapBelow()) < 2);
    await atBottom();

    // The visitor scrolls up to read; a new answer comes: they stay where they are.
    await log.evaluate((el) => new Promise((scrolled) => {
      el.addEventListener('scroll', scrolled, { once: true });
      el.scrollTo({ top: 0 });
    }));
    await ask(4, '课程可以退款吗');
    expect(await log.evaluate((el) => el.scrollTop)).toBe(0);

    // Back at the bottom, the keyboard opens (the viewport shrinks): still the newest in view.
    await log.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await atBottom();
    await page.setViewportSize({ width: 390, height: 360 });
    await atBottom();
    // Scrolled up, then back to the bottom with the keyboard opening in the same frame: the scroll event comes after
    // the log shrank, yet the visitor was at the bottom of what they saw.
    await log.evaluate((el) => new Promise((scrolled) => {
      el.addEventListener('scroll', scrolled, { once: true });
      el.scrollTo({ top: 0 });
    }));
    await log.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
      el.style.maxHeight = `${el.clientHeight - 120}px`;
    });
    await atBottom();
    await log.evaluate((el) => (el.style.maxHeight = ''));
    await atBottom();

    // A tall picture, whose height is known only once it loads.
    await page.locator('chat-widget').evaluate(async (widget: HTMLElement & { sendFile(file: File): void }) => {
      const canvas = Object.assign(document.createElement('canvas'), { width: 100, height: 400 });
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      widget.sendFile(new File([blob!], 'tall.png', { type: 'image/png' }));
    });
    await until('the picture loaded', () => page.locator('chat-widget .msg.visitor .file img').evaluate((img: HTMLImageElement) => img.complete && img.naturalHeight === 400));
    await atBottom();
    otherTab.socket.close();
    await page.close();
  });

  it('refuses a file that is not a picture or PDF, or over the server\'s limit, in the visitor\'s language and without uploading it', async () => {
    const { page } = await openWidget(browser, `${server.url}/`);
    const uploads: string[] = [];
    page.on('request', (request) => void (request.url().endsWith('/api/visitor/files') && uploads.push(request.url())));
    await page.locator('chat-widget input[name="text"][placeholder="请输入您的问题…"]').waitFor(); // connected: the server's limit is known
    await page.locator('chat-widget input[type="file"]').setInputFiles({ name: 'notes.html', mimeType: 'text/html', buffer: Buffer.from('<p>hi</p>') });
    await page.locator('chat-widget .msg.failed', { hasText: '只能发送图片（PNG、JPEG、GIF、WebP）和 PDF 文件' }).waitFor();
    await page.locator('chat-widget').evaluate((widget: HTMLElement & { sendFile(file: File): void }) => widget.sendFile(new File([new Uint8Array(12 * 1024 * 1024)], '课件.pdf', { type: 'application/pdf' })));
    await page.locator('chat-widget .msg.failed', { hasText: '文件太大：最大 10 MB' }).waitFor();
    expect(uploads).toEqual([]);
    await page.close();
  });

  it('sends a picture given before the widget\'s first connection once it is connected', async () => {
    const shop = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="zh-CN"><body><chat-widget server="${server.url}"></chat-widget><script src="${server.url}/widget.js"></script></body></html>`));
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    const page = await browser.newPage();
    // As soon as the widget exists, before its connection is made (a page that sends a screenshot at once).
    await page.addInitScript((bytes) => void customElements.whenDefined('chat-widget').then(() => {
      const widget = document.querySelector('chat-widget') as unknown as HTMLElement & { sendFile(file: File): void; open(): void };
      widget.sendFile(new File([new Uint8Array(bytes)], 'early.png', { type: 'image/png' }));
      widget.open();
    }), [...PNG]);
    await page.goto(`http://127.0.0.1:${(shop.address() as AddressInfo).port}/`);
    await page.locator('chat-widget .msg.visitor:not(.failed) .file img').waitFor();
    expect(await page.locator('chat-widget .msg.failed').count()).toBe(0);
    await page.close();
    shop.close();
  });

  it('asks for a rating after every conversation an agent closes, and thanks only for the one rated', async () => {
    const { page, say } = await openWidget(browser, `${server.url}/`);
    await page.locator('chat-widget header button.human').click();
    await agentCloses(page);
    await page.locator('chat-widget .stars button').last().click();
    await page.locator('chat-widget .system', { hasText: '感谢您的评价' }).waitFor();

    await say('转人工');
    await agentCloses(page);
    await page.locator('chat-widget .stars').waitFor();
    expect(await page.locator('chat-widget .system', { hasText: '感谢您的评价' }).count()).toBe(0);
    await page.close();
  });

  it('still asks for the rating after a reload (or a return after the close), until it is given', async () => {
    const { page } = await openWidget(browser, `${server.url}/`);
    await page.locator('chat-widget header button.human').click();
    await agentCloses(page);
    await page.locator('chat-widget .stars').waitFor();
    const reopen = async () => {
      await page.reload();
      await page.waitForFunction(() => (document.querySelector('chat-widget') as unknown as { connection?: { connected: boolean } } | null)?.connection?.connected === true);
      if (!(await page.locator('chat-widget .log').isVisible())) await page.locator('chat-widget .launcher').click();
    };
    await reopen();
    await page.locator('chat-widget .stars button').nth(3).click();
    await page.locator('chat-widget .system', { hasText: '感谢您的评价' }).waitFor();
    await reopen();
    // The session said whether a rating is owed: once the widget has drawn what it said, there are no stars.
    await page.evaluate(() => (document.querySelector('chat-widget') as unknown as { updateComplete: Promise<boolean> }).updateComplete);
    expect(await page.locator('chat-widget .stars').count()).toBe(0);
    await page.close();
  });

  it('names the rating stars in words and shows the server\'s bilingual lines in the widget\'s language', async () => {
    const { page } = await openWidget(browser, `${server.url}/`);
    await page.locator('chat-widget header button.human').click();
    await agentCloses(page);
    await page.locator('chat-widget .stars').waitFor();
    expect(await page.locator('chat-widget .stars button').evaluateAll((stars) => stars.map((s) => s.getAttribute('aria-label')))).toEqual(['1 星（很差）', '2 星（较差）', '3 星（一般）', '4 星（满意）', '5 星（非常满意）']);
    expect(await page.locator('chat-widget .log .system').allInnerTexts()).toEqual(['已为您转接人工客服，请稍候。', '客服已接入。', '会话已结束，感谢您的咨询。']);
    await page.close();
  });

  it('offers "转人工" again in the header after an agent closed the conversation, for the next one', async () => {
    const { page, say } = await openWidget(browser, `${server.url}/`);
    await page.locator('chat-widget header button.human').click();
    await agentCloses(page);
    await page.locator('chat-widget .stars').waitFor();
    await say('怎么开发票');
    await page.locator('chat-widget .msg.bot', { hasText: '申请发票' }).waitFor();
    await page.locator('chat-widget header button.human').click();
    await page.locator('chat-widget .status', { hasText: '为您服务' }).waitFor();
    await agentCloses(page);
    await page.close();
  });
});

describe('in a real browser: the widget on a site that signs its users in (identify)', () => {
  const secret = 'identity-secret-0123456789';
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ port: 0, knowledge: new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname, identitySecret: secret }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  type Widget = HTMLElement & { identify(identity: object): void; logout(): void };
  /** A page whose widget is signed in as `id` and asked one question as them. */
  async function signedIn(id: string) {
    const opened = await openWidget(browser, `${server.url}/`);
    await opened.page.locator('chat-widget').evaluate((widget: Widget, identity) => widget.identify(identity), { id, hmac: identityHmac(id, secret) });
    await opened.say('课程可以退款吗');
    await opened.page.locator('chat-widget .msg.bot', { hasText: '7 天内' }).waitFor();
    const token = await opened.page.evaluate(() => localStorage.getItem('chatbot.visitorToken'));
    return { ...opened, token };
  }
  /** Until the widget is connected with a visitor token other than `token`. */
  const anotherVisitor = (page: Page, token: string | null) => page.waitForFunction((old) => localStorage.getItem('chatbot.visitorToken') !== old && (document.querySelector('chat-widget') as unknown as { connection: { connected: boolean } }).connection.connected, token);

  it('does not go on with the previous user\'s conversation when the next user\'s identity is refused', async () => {
    const { page, token } = await signedIn('user-42');
    const refused = page.evaluate(() => new Promise((resolve) => document.querySelector('chat-widget')!.addEventListener('identity-error', resolve)));
    await page.locator('chat-widget').evaluate((widget: Widget) => widget.identify({ id: 'user-43', hmac: 'deadbeef' }));
    await refused;
    await anotherVisitor(page, token);
    expect(await page.locator('chat-widget .msg.visitor').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('chatbot.identity'))).toBeNull();
    await page.close();
  });

  it('forgets the signed-in user on logout() and goes on as a new anonymous visitor', async () => {
    const { page, token, say } = await signedIn('user-44');
    await page.locator('chat-widget').evaluate((widget: Widget) => widget.logout());
    await anotherVisitor(page, token);
    expect(await page.locator('chat-widget .msg.visitor').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('chatbot.identity'))).toBeNull();
    await say('课程可以退款吗');
    await page.locator('chat-widget .msg.bot', { hasText: '7 天内' }).waitFor();
    const anonymous = await connectVisitor(server.url, { visitorToken: await page.evaluate(() => localStorage.getItem('chatbot.visitorToken')) });
    const before = await connectVisitor(server.url, { visitorToken: token });
    expect(anonymous.session.visitorId).not.toBe(before.session.visitorId);
    anonymous.socket.close();
    before.socket.close();
    await page.close();
  });
});

describe('in a real browser: the widget while nobody works', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    const hour = new Date().getHours();
    [server, browser] = await Promise.all([startServer({ port: 0, knowledge: KB, handoff: { workingHours: { from: (hour + 2) % 24, to: (hour + 3) % 24 } } }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says nobody is online as a status screen readers announce', async () => {
    const { page } = await openWidget(browser, `${server.url}/`);
    await page.locator('chat-widget header button.human').click();
    await page.locator('chat-widget .status[role="status"]', { hasText: '当前没有客服在线' }).waitFor();
    await page.close();
  });

  it('still says nobody is online after the visitor left a message, not a wait in the queue', async () => {
    const { page } = await openWidget(browser, `${server.url}/`);
    await page.locator('chat-widget header button.human').click();
    await page.locator('chat-widget form.leave input[name="contact"]').fill('13800000000');
    await page.locator('chat-widget form.leave textarea[name="message"]').fill('请回电');
    await page.locator('chat-widget form.leave button[type="submit"]').click();
    await page.locator('chat-widget .system', { hasText: '留言已提交' }).waitFor();
    expect(await page.locator('chat-widget .status').allInnerTexts()).toEqual(['当前没有客服在线，请留言，我们会尽快联系您。']);
    await page.close();
  });

  it('says why a left message was not taken and keeps what was typed', async () => {
    const { page } = await openWidget(browser, `${server.url}/`);
    await page.locator('chat-widget header button.human').click();
    const contact = page.locator('chat-widget form.leave input[name="contact"]');
    await contact.fill('x'.repeat(201));
    await page.locator('chat-widget form.leave textarea[name="message"]').fill('请回电');
    await page.locator('chat-widget form.leave button[type="submit"]').click();
    await page.locator('chat-widget form.leave .refusal[role="alert"]', { hasText: '联系方式最长 200 个字' }).waitFor();
    expect([await contact.inputValue(), await page.locator('chat-widget form.leave textarea[name="message"]').inputValue()]).toEqual(['x'.repeat(201), '请回电']);
    await page.close();
  });

  it('keeps what the visitor typed in the leave-a-message form when the panel is closed and opened again', async () => {
    const { page } = await openWidget(browser, `${server.url}/`);
    await page.locator('chat-widget header button.human').click();
    await page.locator('chat-widget form.leave textarea[name="message"]').fill('请明天上午回电');
    await page.locator('chat-widget header button.close').click();
    await page.locator('chat-widget .launcher').click();
    expect(await page.locator('chat-widget form.leave textarea[name="message"]').inputValue()).toBe('请明天上午回电');
    await page.close();
  });
});
