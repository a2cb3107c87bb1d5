import { z } from 'zod';

/** What keeps proactive messages from becoming harassment. Stored in the settings table; admins edit them. */
export const proactiveRulesSchema = z.object({
  /** At most `count` proactive messages per visitor in any `days`-day window. */
  frequencyCap: z.object({ count: z.number().int().min(0).max(100), days: z.number().int().min(1).max(365) }),
  /** No proactive message between these hours (local time in `tz`); `from` > `to` spans midnight (21 → 9). */
  quietHours: z.object({ from: z.number().int().min(0).max(23), to: z.number().int().min(0).max(23), tz: z.string().min(1).max(64) }).nullable(),
  /** A visitor message that is exactly one of these (any case) opts them out… */
  optOutWords: z.array(z.string().trim().min(1).max(30)).max(50),
  /** …and one of these opts them back in. */
  optInWords: z.array(z.string().trim().min(1).max(30)).max(50),
});

export type ProactiveRules = z.infer<typeof proactiveRulesSchema>;

export const DEFAULT_PROACTIVE_RULES: ProactiveRules = {
  frequencyCap: { count: 2, days: 7 },
  quietHours: { from: 21, to: 9, tz: 'Asia/Shanghai' },
  // Not "stop" or "取消": those leave a task flow.
  optOutWords: ['退订', 'TD', '取消订阅', 'unsubscribe'],
  optInWords: ['订阅', 'subscribe'],
};

/** True when `now` falls in the quiet hours. */
export function inQuietHours(rules: ProactiveRules, now: Date): boolean {
  if (!rules.quietHours) return false;
  const { from, to, tz } = rules.quietHours;
  const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: tz }).format(now));
  return from <= to ? hour >= from && hour < to : hour >= from || hour < to;
}

/** "退订。", " TD! " and "退订" are the same word. */
const bare = (text: string) => text.normalize('NFKC').toLowerCase().replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');

/** Asking nicely around the word: "请退订", "我要退订", "unsubscribe me please". */
const POLITE = /^(请|我要|我想|帮我|麻烦|please\s+)+|(吧|了|谢谢|\s+me|\s+please|\s+thanks)+$/giu;

/** 'out' / 'in' when the whole message is an opt-out / opt-in word, asked nicely or not. */
export function optWord(rules: ProactiveRules, text: string): 'out' | 'in' | undefined {
  const said = bare(bare(text).replace(POLITE, ''));
  if (!said) return undefined;
  if (rules.optOutWords.some((w) => bare(w) === said)) return 'out';
  if (rules.optInWords.some((w) => bare(w) === said)) return 'in';
  return undefined;
}
