/** When agents work: from and to in hours of the day (9.5 = 9:30; to below from runs past midnight), in `timeZone` (IANA) or the server's. */
export interface WorkingHours {
  from: number;
  to: number;
  /** e.g. "Asia/Shanghai"; the server's own zone when left out. */
  timeZone?: string;
}

const MINUTE_MS = 60_000;

/** One formatter per zone, made once: every queue status asks the hour, and finding the next change asks it up to 2,880 times (55 ms with a new formatter each time, 21 ms with one). */
const clocks = new Map<string, Intl.DateTimeFormat>();
function clockOf(timeZone: string): Intl.DateTimeFormat {
  let clock = clocks.get(timeZone);
  if (!clock) clocks.set(timeZone, (clock = new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' })));
  return clock;
}

/** The hour of the day (with minutes as a fraction) at `at` in the zone. */
export function hourOfDay(at: Date, timeZone?: string): number {
  if (!timeZone) return at.getHours() + at.getMinutes() / 60;
  const parts = clockOf(timeZone).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') + part('minute') / 60;
}

export function isWithinHours(at: Date, { from, to, timeZone }: WorkingHours): boolean {
  const h = hourOfDay(at, timeZone);
  return from <= to ? h >= from && h < to : h >= from || h < to;
}

/**
 * The next minute at which the hours open or close after `at` (so waiting visitors can be told), found minute by
 * minute so zones and daylight saving need no arithmetic; undefined when they never change (from equals to).
 */
export function nextHoursChange(at: Date, hours: WorkingHours): Date | undefined {
  if (hours.from === hours.to) return undefined;
  const open = isWithinHours(at, hours);
  const start = Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;
  for (let minutes = 1; minutes <= 2 * 24 * 60; minutes++) {
    const next = new Date(start + minutes * MINUTE_MS);
    if (isWithinHours(next, hours) !== open) return next;
  }
  return undefined;
}

/** "9-21", "9:30-18", "22-6": the hours, or a reason they do not read. */
export function parseWorkingHours(text: string): { from: number; to: number } | string {
  const match = /^\s*(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?\s*$/.exec(text);
  if (!match) return 'use FROM-TO in hours (or hours:minutes), e.g. 9-21 or 9:30-18:00';
  const [from, to] = [[match[1], match[2]], [match[3], match[4]]].map(([h, m]) => Number(h) + Number(m ?? 0) / 60) as [number, number];
  if ([match[2], match[4]].some((m) => m !== undefined && Number(m) > 59)) return 'minutes run from 00 to 59';
  if (from > 24 || to > 24) return 'hours run from 0 to 24';
  if (from === to) return 'the hours open and close at the same time; leave WORKING_HOURS out for always';
  return { from, to };
}

/** Whether the runtime knows the IANA zone. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

/**
 * Calls `changed` each time the hours open or close (waiting visitors' status changes with them: "nobody is
 * working now" turns into a place in the queue). Longer waits are taken in steps of a day at most, since timers
 * cap at about 24.8 days and the clock may jump.
 */
export function onHoursChange(hours: WorkingHours | undefined, changed: () => void, now: () => Date = () => new Date()): { stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    const at = now();
    const next = hours && nextHoursChange(at, hours);
    if (!next) return;
    timer = setTimeout(() => {
      if (now() >= next) changed();
      schedule();
    }, Math.min(next.getTime() - at.getTime(), 24 * 3600_000));
    timer.unref();
  };
  schedule();
  return { stop: () => clearTimeout(timer) };
}
