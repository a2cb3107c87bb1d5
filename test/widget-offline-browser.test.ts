import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { launchBrowser } from './support/browser.ts';
import { call, connectAgent, connectVisitor, loginAgent, until, type AgentClient } from './support/clients.ts';
import { openWidget } from './support/widget-page.ts';

const KB = new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;
/** socket.io replays missed events to a connection back within this window; the widget here is away longer. */
const RECOVERY_MS = 500;

describe('in a real browser: what was written while the widget was away longer than the recovery window', () => {
  let server: RunningServer;
  let browser: Browser;
  let agent: AgentClient;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ port: 0, knowledge: KB, connectionRecoveryMs: RECOVERY_MS, demoAgent: { email: 'demo@example.com', password: 'demo1234' } }), launchBrowser()]);
    agent = await connectAgent(server.url, await loginAgent(server.url));
  });
  afterAll(async () => {
    agent?.close();
    await browser?.close();
    await server?.close();
  });

  /** The visitor asks for a person and waits for the demo agent; returns their conversation. */
  async function servedConversation(page: Page): Promise<string> {
    await page.locator('chat-widget header button.human').click();
    await page.locator('chat-widget .log .system', { hasText: '客服已接入' }).waitFor();
    const same = await connectVisitor(server.url, { visitorToken: await page.evaluate(() => localStorage.getItem('chatbot.visitorToken')) });
    same.socket.close();
    return same.session.conversationId;
  }

  async function answerAndClose(conversationId: string): Promise<void> {
    expect(await call(agent, 'conversation:reply', { conversationId, clientId: `away-${conversationId}`, text: 'ANSWER WHILE AWAY' })).toMatchObject({ ok: true });
    expect((await call(agent, 'conversation:close', { conversationId })).ok).toBe(true);
  }

  it('shows the answer and the close on reconnecting, counted unread while the panel is closed', async () => {
    const { page } = await openWidget(browser, `${server.url}/`);
    const conversationId = await servedConversation(page);
    await page.locator('chat-widget button.close').click();
    await page.context().setOffline(true);
    // The network is gone: drop the transport at once (as a timed-out ping would) so the widget is disconnected.
    await page.evaluate(() => (document.querySelector('chat-widget') as unknown as { connection: { socket: { io: { engine: { close(): void } } } } }).connection.socket.io.engine.close());
    await until('the server to see the visitor gone', async () => !((await call<{ visitorOnline: boolean }>(agent, 'conversation:open', { conversationId })) as { visitorOnline: boolean }).visitorOnline);
    await answerAndClose(conversationId);
    await new Promise((resolve) => setTimeout(resolve, RECOVERY_MS * 3));
    await page.context().setOffline(false);
    await page.locator('chat-widget .badge').waitFor();
    expect(Number(await page.locator('chat-widget .badge').innerText())).toBe(2); // the answer and the close
    await page.locator('chat-widget .launcher').click();
    await page.locator('chat-widget .msg', { hasText: 'ANSWER WHILE AWAY' }).waitFor();
    await page.locator('chat-widget .log .system', { hasText: '会话已结束' }).waitFor();
    await page.close();
  });

  it('shows them after a reload too, as history (not unread)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.locator('chat-widget .launcher').click();
    const conversationId = await servedConversation(page);
    await page.goto('about:blank'); // the visitor leaves the site; localStorage stays
    await answerAndClose(conversationId);
    await new Promise((resolve) => setTimeout(resolve, RECOVERY_MS * 3));
    await page.goto(`${server.url}/`);
    await page.locator('chat-widget .log .system', { hasText: '会话已结束' }).waitFor({ state: 'attached' });
    expect(await page.locator('chat-widget .msg', { hasText: 'ANSWER WHILE AWAY' }).count()).toBe(1);
    expect(await page.locator('chat-widget .badge').count()).toBe(0);
    await context.close();
  });
});
