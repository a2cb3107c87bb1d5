import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this sandbox needs (no background networking). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
}

/** A new page logged in to the operator dashboard (the demo admin unless told otherwise). */
export async function openDashboard(browser: Browser, url: string, email = 'demo@example.com', password = 'demo1234'): Promise<Page> {
  const page = await browser.newPage({ locale: 'en-US' });
  await page.goto(`${url}/dashboard`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  return page;
}
