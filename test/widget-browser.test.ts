import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { launchBrowser } from './support/browser.ts';
import { call, connectAgent, connectVisitor, loginAgent, until, type AgentClient } from './support/clients.ts';
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
