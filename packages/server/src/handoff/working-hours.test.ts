import { afterEach, describe, expect, it, vi } from 'vitest';
import { hourOfDay, isTimeZone, isWithinHours, nextHoursChange, onHoursChange, parseWorkingHours } from './working-hours.ts';

describe('working hours', () => {
  afterEach(() => vi.useRealTimers());

  it('reads hours and hours:minutes, and says what is wrong with the rest', () => {
    expect(parseWorkingHours('9-21')).toEqual({ from: 9, to: 21 });
    expect(parseWorkingHours(' 9:30 - 18:00 ')).toEqual({ from: 9.5, to: 18 });
    expect(parseWorkingHours('22-6')).toEqual({ from: 22, to: 6 });
    expect(parseWorkingHours('9to5')).toMatch(/FROM-TO/);
    expect(parseWorkingHours('9:75-18')).toMatch(/minutes/);
    expect(parseWorkingHours('9-25')).toMatch(/0 to 24/);
    expect(parseWorkingHours('9-9')).toMatch(/same time/);
  });

  it('tells the hour in a named zone, whatever the server\'s own', () => {
    const at = new Date('2026-12-04T01:30:00Z'); // 9:30 in Shanghai, 20:30 the day before in New York
    expect(hourOfDay(at, 'Asia/Shanghai')).toBe(9.5);
    expect(hourOfDay(at, 'America/New_York')).toBe(20.5);
    expect(isWithinHours(at, { from: 9.5, to: 18, timeZone: 'Asia/Shanghai' })).toBe(true);
    expect(isWithinHours(at, { from: 9.5, to: 18, timeZone: 'America/New_York' })).toBe(false);
    expect(isWithinHours(at, { from: 22, to: 6, timeZone: 'Asia/Tokyo' })).toBe(false); // 10:30
    expect(isWithinHours(at, { from: 20, to: 6, timeZone: 'America/New_York' })).toBe(true); // past midnight
    expect([isTimeZone('Asia/Shanghai'), isTimeZone('Mars/Olympus')]).toEqual([true, false]);
  });

  it('finds the next minute the hours open or close', () => {
    const hours = { from: 9.5, to: 18, timeZone: 'Asia/Shanghai' };
    expect(nextHoursChange(new Date('2026-12-04T01:00:20Z'), hours)).toEqual(new Date('2026-12-04T01:30:00Z'));
    expect(nextHoursChange(new Date('2026-12-04T01:30:00Z'), hours)).toEqual(new Date('2026-12-04T10:00:00Z'));
    expect(nextHoursChange(new Date('2026-12-04T10:00:00Z'), hours)).toEqual(new Date('2026-12-05T01:30:00Z'));
    expect(nextHoursChange(new Date(), { from: 0, to: 24 })).toBeUndefined(); // always open
  });

  it('calls back at each opening and closing, and not after it is stopped', () => {
    vi.useFakeTimers({ now: new Date('2026-12-04T01:00:00Z') });
    const changes: string[] = [];
    const news = onHoursChange({ from: 9.5, to: 18, timeZone: 'Asia/Shanghai' }, () => changes.push(new Date().toISOString()));
    vi.advanceTimersByTime(29 * 60_000);
    expect(changes).toEqual([]);
    vi.advanceTimersByTime(60_000);
    vi.advanceTimersByTime(10 * 3600_000);
    expect(changes).toEqual(['2026-12-04T01:30:00.000Z', '2026-12-04T10:00:00.000Z']);
    news.stop();
    vi.advanceTimersByTime(48 * 3600_000);
    expect(changes).toHaveLength(2);
    expect(() => onHoursChange(undefined, () => changes.push('never')).stop()).not.toThrow();
  });
});
