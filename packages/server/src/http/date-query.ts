import { ServerError } from '../errors.ts';

/** A calendar day in a query string (YYYY-MM-DD). */
export const DAY = /^\d{4}-\d{2}-\d{2}$/;

// PostgreSQL has no year 0 and the time zone shift needs room around a day: years 1 to 9999 are days it can hold.
const isCalendarDate = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && value >= '0001-01-02' && value <= '9999-12-30';
};

/** Checks a day range given in an IANA time zone (default UTC); a bad zone, day or order is a 400. Returns the zone. */
export function checkDayRange(query: { from?: string; to?: string; tz?: string }): string {
  const tz = query.tz ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch (error) {
    throw new ServerError('BAD_REQUEST', `unknown time zone "${tz}" (use an IANA name such as Asia/Shanghai)`, { cause: error });
  }
  for (const name of ['from', 'to'] as const) {
    const value = query[name];
    if (value !== undefined && !isCalendarDate(value)) throw new ServerError('BAD_REQUEST', `"${name}" is not a calendar date (YYYY-MM-DD, years 0001 to 9999): ${value}`);
  }
  if (query.from && query.to && query.from > query.to) throw new ServerError('BAD_REQUEST', '"from" is after "to"');
  return tz;
}
