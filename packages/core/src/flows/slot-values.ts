import type { FlowStep } from './flow-definition.ts';

type SlotStep = Extract<FlowStep, { kind: 'slot' }>;

const CHINESE_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "12", "十二", "二十", "三岁" → 12, 12, 20, 3. */
export function parseNumber(text: string): number | undefined {
  const digits = text.match(/-?\d+(\.\d+)?/);
  if (digits) return Number(digits[0]);
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

/** "2026-12-01", "12月1日", "12/1", "明天", "后天", "tomorrow", "周六", "saturday" → an ISO date on or after today. */
export function parseDate(text: string, now = new Date()): string | undefined {
  const t = text.toLowerCase();
  const full = t.match(/(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})/);
  if (full) return validDate(Number(full[1]), Number(full[2]), Number(full[3]));
  const monthDay = t.match(/(\d{1,2})(?:月|\/)(\d{1,2})/);
  if (monthDay) {
    const month = Number(monthDay[1]);
    const day = Number(monthDay[2]);
    const thisYear = validDate(now.getFullYear(), month, day);
    if (thisYear && thisYear >= iso(now)) return thisYear;
    return validDate(now.getFullYear() + 1, month, day);
  }
  const offset = /今天|today/.test(t) ? 0 : /明天|tomorrow/.test(t) ? 1 : /后天/.test(t) ? 2 : undefined;
  if (offset !== undefined) return iso(new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset));
  const zhDay = t.match(/(?:周|星期|礼拜)([一二三四五六日天])/)?.[1];
  const weekday = zhDay ? WEEKDAYS_ZH.indexOf(zhDay === '天' ? '日' : zhDay) : WEEKDAYS_EN.findIndex((d) => t.includes(d));
  if (weekday >= 0) {
    const ahead = (weekday - now.getDay() + 7) % 7 || 7;
    return iso(new Date(now.getFullYear(), now.getMonth(), now.getDate() + ahead));
  }
  return undefined;
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
      if (n === undefined || Number.isNaN(n) || (step.min !== undefined && n < step.min) || (step.max !== undefined && n > step.max)) return undefined;
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
      if (index) return choices[Number(index[1]) - 1];
      const lower = trimmed.toLowerCase();
      return choices.find((c) => lower.includes(c.toLowerCase())) ?? choices.find((c) => c.toLowerCase().includes(lower) && lower.length >= 2);
    }
  }
}
