import { createBot, type Bot, type BotInfo, type BotOptions } from '../create-bot.ts';

/** What a bot had to work around, as the CLI's warning lines. */
export function botWarnings(info: BotInfo): string[] {
  const skipped = info.skipped.length === 0 ? [] : [
    `warning: skipped ${info.skipped.length} bad row(s) of the knowledge base (--lenient):`,
    ...info.skipped.slice(0, 20).map((p) => `  line ${p.line}: ${p.message}`),
    ...(info.skipped.length > 20 ? [`  … and ${info.skipped.length - 20} more`] : []),
  ];
  return [...skipped, ...(info.indexRebuilt ? [`warning: ${info.indexRebuilt}; rebuilt it from the knowledge base`] : [])];
}

/**
 * createBot for the CLI's commands: its warnings go to stderr, so `--json` output on stdout stays clean.
 *
 * @example
 * const bot = await createCliBot(await botOptionsFrom(values));
 */
export async function createCliBot(options: BotOptions): Promise<Bot> {
  const bot = await createBot(options);
  for (const line of botWarnings(bot.info())) console.error(line);
  return bot;
}
