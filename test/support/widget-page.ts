import type { Browser, BrowserContextOptions } from 'playwright-core';

/** Opens the widget on a new page of `browser` at `url`; `say` types a message and sends it. */
export async function openWidget(browser: Browser, url: string, options: BrowserContextOptions = {}) {
  const page = await browser.newPage(options);
  await page.goto(url);
  await page.locator('chat-widget .launcher').click();
  const input = page.locator('chat-widget input[name="text"]');
  const say = async (text: string) => {
    await input.fill(text);
    await input.press('Enter');
  };
  return { page, input, say };
}
