import type { Page } from 'playwright-core';

/** Logs the console on `page` in and waits for its live connection. */
export async function logIn(page: Page, email = 'demo@example.com', password = 'demo1234'): Promise<void> {
  await page.locator('agent-console input[name="email"]').fill(email);
  await page.locator('agent-console input[name="password"]').fill(password);
  await page.locator('agent-console button[type="submit"]').click();
  await page.locator('agent-console .app[data-connection="connected"]').waitFor();
}

/** The agent's tab in the background (headless Chromium keeps every page visible and focused). */
export const lookElsewhere = (page: Page, away: boolean) => page.evaluate((away) => {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => away });
  document.hasFocus = () => !away;
}, away);
