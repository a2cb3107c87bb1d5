import { chineseNumeralsToDigits } from '../text/chinese-numerals.ts';
import { choiceNames, choiceValue, type Choice, type FlowStep } from './flow-definition.ts';

export type SlotStep = Extract<FlowStep, { kind: 'slot' }>;

const CHINESE_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const ENGLISH_NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];

/** "12", "十二", "二十", "三岁", "eight", "八岁半", "8 and a half" → 12, 12, 20, 3, 8, 8.5, 8.5. */
export function parseNumber(text: string): number | undefined {
  const whole = wholeNumber(text);
  return whole !== undefined && /(半|\band a half\b)/i.test(text) ? whole + 0.5 : whole;
}

function wholeNumber(text: string): number | undefined {
  const digits = text.match(/-?\d+(\.\d+)?/);
  if (digits) return Number(digits[0]);
  // The last number word: "the older one is nine" is nine.
  const word = text.toLowerCase().match(/\b[a-z]+\b/g)?.map((w) => ENGLISH_NUMBERS.indexOf(w)).filter((n) => n >= 0).at(-1);
  if (word !== undefined) return word;
  return chineseNumber(text.match(/[零一二两三四五六七八九十]+/)?.[0]);
}

function chineseNumber(zh: string | undefined): number | undefined {
  if (!zh) return undefined;
  if (!zh.includes('十')) return zh.length === 1 ? CHINESE_DIGITS[zh] : undefined;
  const [tens, ones] = zh.split('十');
  return (tens ? (CHINESE_DIGITS[tens] ?? NaN) : 1) * 10 + (ones ? (CHINESE_DIGITS[ones] ?? NaN) : 0) || undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const WEEKDAYS_ZH = '日一二三四五六';
const WEEKDAYS_EN = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS_EN = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = '(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)';
/** "December 10", "Dec 10th" / "10th December", "10 of dec": a month's name next to its day. */
const MONTH_THEN_DAY = new RegExp(`\\b${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b`);
const DAY_THEN_MONTH = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}\\b`);
const WEEKDAY_NAME = /\b(?:(next|this)\s+)?(sunday|monday|tuesday|wednesday|thursday|friday|saturday|sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)\b/;

/** An ISO date for people: "12月5日（周六）", "Saturday 5 December". */
export function formatDate(value: string, zh: boolean): string {
  const m = value.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!m) return value;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (zh) return `${d.getMonth() + 1}月${d.getDate()}日（周${WEEKDAYS_ZH[d.getDay()]}）`;
  const name = (s: string) => s[0]!.toUpperCase() + s.slice(1);
  return `${name(WEEKDAYS_EN[d.getDay()]!)} ${d.getDate()} ${name(MONTHS_EN[d.getMonth()]!)}`;
}

/**
 * "2026-12-01", "12月1日", "12/1", "明天", "后天", "tomorrow", "周六", "saturday" → an ISO date on or after today;
 * "下周六" / "next saturday": that day of next week (weeks start on Monday). A day gone by is no date to book.
 */
export function parseDate(text: string, now = new Date()): string | undefined {
  // "十二月十日" reads as "12月10日".
  const t = chineseNumeralsToDigits(text.toLowerCase());
  const today = iso(now);
  const upcoming = (month: number, day: number) => {
    const thisYear = validDate(now.getFullYear(), month, day);
    return thisYear && thisYear >= today ? thisYear : validDate(now.getFullYear() + 1, month, day);
  };
  const full = t.match(/(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})/);
  if (full) {
    const date = validDate(Number(full[1]), Number(full[2]), Number(full[3]));
    return date && date >= today ? date : undefined;
  }
  const monthDay = t.match(/(\d{1,2})(?:月|\/)(\d{1,2})/);
  if (monthDay) return upcoming(Number(monthDay[1]), Number(monthDay[2]));
  // "December 10", "10th December", "Dec 10th"
  const monthFirst = t.match(MONTH_THEN_DAY);
  const dayFirst = monthFirst ? undefined : t.match(DAY_THEN_MONTH);
  const [monthName, day] = monthFirst ? [monthFirst[1]!, monthFirst[2]!] : dayFirst ? [dayFirst[2]!, dayFirst[1]!] : [];
  if (monthName && day) return upcoming(MONTHS_EN.findIndex((m) => m.startsWith(monthName.slice(0, 3))) + 1, Number(day));
  // "5号", "5日": that day of this month, or of next month once it has gone by.
  const dayOnly = t.match(/(\d{1,2})[号日]/);
  if (dayOnly) {
    const day = Number(dayOnly[1]);
    const thisMonth = validDate(now.getFullYear(), now.getMonth() + 1, day);
    if (thisMonth && thisMonth >= today) return thisMonth;
    const next = new Date(now.getFullYear(), now.getMonth() + 1, 1);
    return validDate(next.getFullYear(), next.getMonth() + 1, day);
  }
  const offset = /今天|today/.test(t) ? 0 : /大后天/.test(t) ? 3 : /后天|day after tomorrow/.test(t) ? 2 : /明天|tomorrow/.test(t) ? 1 : undefined;
  if (offset !== undefined) return iso(new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset));
  const zhDay = t.match(/(下)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天])/);
  const enDay = zhDay ? undefined : t.match(WEEKDAY_NAME);
  const weekday = zhDay ? WEEKDAYS_ZH.indexOf(zhDay[2] === '天' ? '日' : zhDay[2]!) : enDay ? WEEKDAYS_EN.findIndex((d) => d.startsWith(enDay[2]!.slice(0, 3))) : -1;
  if (weekday < 0) return undefined;
  const nextWeek = zhDay ? zhDay[1] !== undefined : enDay?.[1] === 'next';
  if (nextWeek) {
    const sinceMonday = (now.getDay() + 6) % 7;
    return iso(new Date(now.getFullYear(), now.getMonth(), now.getDate() - sinceMonday + 7 + ((weekday + 6) % 7)));
  }
  const ahead = (weekday - now.getDay() + 7) % 7 || 7;
  return iso(new Date(now.getFullYear(), now.getMonth(), now.getDate() + ahead));
}

/** Whole days from `now`'s date to an ISO date. */
function daysFrom(now: Date, date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.round((Date.UTC(y!, m! - 1, d!) - Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())) / 86_400_000);
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
    case 'date': {
      // min / max: days from today ("min: 1" when a day's notice is needed).
      const date = parseDate(trimmed, now);
      const days = date === undefined ? undefined : daysFrom(now, date);
      if (days === undefined || (step.min !== undefined && days < step.min) || (step.max !== undefined && days > step.max)) return undefined;
      return date;
    }
    case 'order-id': {
      const pattern = new RegExp(step.pattern ?? '[A-Za-z0-9][A-Za-z0-9-]{5,23}');
      const found = trimmed.match(pattern)?.[0];
      return found && /\d/.test(found) ? found.toUpperCase() : undefined;
    }
    case 'choice': {
      const choices = step.choices ?? [];
      const index = trimmed.match(/^\s*(\d{1,2})\s*$/);
      if (index) {
        const picked = choices[Number(index[1]) - 1];
        return picked && choiceValue(picked);
      }
      const lower = trimmed.toLowerCase();
      const names = (c: Choice) => choiceNames(c).map((n) => n.toLowerCase());
      const named = choices.filter((c) => names(c).some((n) => mentions(lower, n)));
      // Two named ("maths or coding?") is no choice; a part of a name counts ("编", "eng") if it is no mere word ("is").
      const chosen = named.length > 0 ? (named.length === 1 ? named[0] : undefined) : choices.find((c) => names(c).some((n) => (/[a-z]/.test(lower) ? lower.length >= 3 && n.startsWith(lower) : lower.length >= 2 && n.includes(lower))));
      return chosen && choiceValue(chosen);
    }
  }
}

/** Whether the reply names `name`: anywhere for Chinese, as a whole word for English ("maths", not "aftermath"). */
export function mentions(reply: string, name: string): boolean {
  if (!/^[a-z0-9 '-]+$/.test(name)) return reply.includes(name);
  return new RegExp(`(^|[^a-z])${name.replace(/[-']/g, '\\$&')}($|[^a-z])`).test(reply);
}
