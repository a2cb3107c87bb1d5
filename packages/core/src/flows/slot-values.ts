import { choiceNames, choiceValue, type Choice, type FlowStep } from './flow-definition.ts';

type SlotStep = Extract<FlowStep, { kind: 'slot' }>;

const CHINESE_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const ENGLISH_NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];

/** "12", "十二", "二十", "三岁", "eight" → 12, 12, 20, 3, 8. */
export function parseNumber(text: string): number | undefined {
  const digits = text.match(/-?\d+(\.\d+)?/);
  if (digits) return Number(digits[0]);
  const word = text.toLowerCase().match(/\b[a-z]+\b/g)?.map((w) => ENGLISH_NUMBERS.indexOf(w)).find((n) => n >= 0);
  if (word !== undefined) return word;
  const zh = text.match(/[零一二两三四五六七八九十]+/)?.[0];
  if (!zh) return undefined;
  if (!zh.includes('十')) return zh.length === 1 ? CHINESE_DIGITS[zh] : undefined;
  const [tens, ones] = zh.split('十');
  return (tens ? (CHINESE_DIGITS[tens] ?? NaN) : 1) * 10 + (ones ? (CHINESE_DIGITS[ones] ?? NaN) : 0) || undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const WEEKDAYS_ZH = '日一二三四五六';
const WEEKDAYS_EN = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * "2026-12-01", "12月1日", "12/1", "明天", "后天", "tomorrow", "周六", "saturday" → an ISO date on or after today;
 * "下周六" / "next saturday": that day of next week (weeks start on Monday). A day gone by is no date to book.
 */
export function parseDate(text: string, now = new Date()): string | undefined {
  const t = text.toLowerCase();
  const today = iso(now);
  const full = t.match(/(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})/);
  if (full) {
    const date = validDate(Number(full[1]), Number(full[2]), Number(full[3]));
    return date && date >= today ? date : undefined;
  }
  const monthDay = t.match(/(\d{1,2})(?:月|\/)(\d{1,2})/);
  if (monthDay) {
    const month = Number(monthDay[1]);
    const day = Number(monthDay[2]);
    const thisYear = validDate(now.getFullYear(), month, day);
    if (thisYear && thisYear >= today) return thisYear;
    return validDate(now.getFullYear() + 1, month, day);
  }
  const offset = /今天|today/.test(t) ? 0 : /大后天/.test(t) ? 3 : /后天|day after tomorrow/.test(t) ? 2 : /明天|tomorrow/.test(t) ? 1 : undefined;
  if (offset !== undefined) return iso(new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset));
  const zhDay = t.match(/(下)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天])/);
  const weekday = zhDay ? WEEKDAYS_ZH.indexOf(zhDay[2] === '天' ? '日' : zhDay[2]!) : WEEKDAYS_EN.findIndex((d) => t.includes(d));
  if (weekday < 0) return undefined;
  const nextWeek = zhDay ? zhDay[1] !== undefined : new RegExp(`next\\s+${WEEKDAYS_EN[weekday]}`).test(t);
  if (nextWeek) {
    const sinceMonday = (now.getDay() + 6) % 7;
    return iso(new Date(now.getFullYear(), now.getMonth(), now.getDate() - sinceMonday + 7 + ((weekday + 6) % 7)));
  }
  const ahead = (weekday - now.getDay() + 7) % 7 || 7;
  return iso(new Date(now.getFullYear(), now.getMonth(), now.getDate() + ahead));
}

function validDate(year: number, month: number, day: number): string | undefined {
  const d = new Date(year, month - 1, day);
  return d.getFullYear() === year && d.getMonth() === month - 1 && d.getDate() === day ? iso(d) : undefined;
}

/** The slot value in the visitor's reply, normalised (a phone number without spaces, an ISO date, the choice as written in the flow), or undefined when it is not one. */
export function slotValue(step: SlotStep, text: string, now = new Date()): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  switch (step.type) {
    case 'text':
      return trimmed.slice(0, 500);
    case 'number': {
      const n = parseNumber(trimmed);
      if (n === undefined || Number.isNaN(n) || (step.integer && !Number.isInteger(n)) || (step.min !== undefined && n < step.min) || (step.max !== undefined && n > step.max)) return undefined;
      return String(n);
    }
    case 'phone': {
      const compact = trimmed.replace(/[\s()-]/g, '');
      const found = compact.match(/(?:\+?86)?(1[3-9]\d{9})/)?.[1] ?? compact.match(/\+?\d{7,15}/)?.[0];
      return found;
    }
    case 'date':
      return parseDate(trimmed, now);
    case 'order-id': {
      const pattern = new RegExp(step.pattern ?? '[A-Za-z0-9][A-Za-z0-9-]{5,23}');
      const found = trimmed.match(pattern)?.[0];
      return found && /\d/.test(found) ? found.toUpperCase() : undefined;
    }
    case 'choice': {
      const choices = step.choices ?? [];
      const index = trimmed.match(/^\s*(\d{1,2})\s*$/);
      if (index) return choices[Number(index[1]) - 1] && choiceValue(choices[Number(index[1]) - 1]!);
      const lower = trimmed.toLowerCase();
      const names = (c: Choice) => choiceNames(c).map((n) => n.toLowerCase());
      const chosen = choices.find((c) => names(c).some((n) => mentions(lower, n))) ?? choices.find((c) => lower.length >= 2 && names(c).some((n) => n.includes(lower)));
      return chosen && choiceValue(chosen);
    }
  }
}

/** Whether the reply names `name`: anywhere for Chinese, as a whole word for English ("maths", not "aftermath"). */
function mentions(reply: string, name: string): boolean {
  if (!/^[a-z0-9 '-]+$/.test(name)) return reply.includes(name);
  return new RegExp(`(^|[^a-z])${name.replace(/[-']/g, '\\$&')}($|[^a-z])`).test(reply);
}
