import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { launchBrowser, openDashboard } from './support/browser.ts';
import { loginAgent, until } from './support/clients.ts';
import { LATER, VOTE_KNOWLEDGE, VOTED, voteHelpful } from './support/helpful-votes.ts';

describe('in a real browser: what the bot learns from 👍 votes, in the dashboard', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ port: 0, knowledge: VOTE_KNOWLEDGE, bot: { sentenceEncoder: false }, learnFromVotesEveryMs: 0, demoAgent: { email: 'demo@example.com', password: 'demo1234' } }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const answersLater = async () => {
    const outcome = await server.bot().ask({ text: LATER });
    return outcome.kind === 'answer' && outcome.entryId === 'refund';
  };

  it('lists the voted questions; an admin forgets wrong ones and retrains, and the bot unlearns them', async () => {
    await voteHelpful(server.url);
    const page = await openDashboard(browser, server.url);
    await page.click('button[data-tab=test]');
    const rows = page.locator('learned-pairs table.learned tbody tr');
    await until('the three voted questions', async () => (await rows.count()) === 3);
    expect(await rows.first().locator('td').nth(1).innerText()).toBe('refund');
    expect((await rows.allInnerTexts()).join('\n')).toContain(VOTED[2]);

    await page.locator('learned-pairs button.retrain').click();
    await page.locator('learned-pairs [role=status]', { hasText: 'Retraining in the background' }).waitFor();
    await until('learned', async () => (await server.bot().trained(), await answersLater()), 100, 60_000);

    // All three were answers to a wrong question, say: forgotten one by one, then a retrain.
    for (let left = 2; left >= 0; left--) {
      await rows.first().locator('button.forget').click();
      await until(`${left} left`, async () => (await rows.count()) === left);
    }
    await page.locator('learned-pairs [role=status]', { hasText: 'Forgotten' }).waitFor();
    const token = await loginAgent(server.url);
    expect(await (await fetch(`${server.url}/api/training-pairs`, { headers: { authorization: `Bearer ${token}` } })).json()).toEqual([]);
    // Forgetting again: nothing left to forget on that answer.
    const again = await fetch(`${server.url}/api/training-pairs/nope`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(again.status).toBe(404);
    await page.locator('learned-pairs button.retrain').click();
    await until('unlearned', async () => (await server.bot().trained(), !(await answersLater())), 100, 60_000);
    // The votes still count in the analytics.
    const stats = (await (await fetch(`${server.url}/api/stats`, { headers: { authorization: `Bearer ${token}` } })).json()) as { feedbackHelpfulRate: number };
    expect(stats.feedbackHelpfulRate).toBe(1);
    await page.close();
  });
});
