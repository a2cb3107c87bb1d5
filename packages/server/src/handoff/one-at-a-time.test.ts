import { describe, expect, it } from 'vitest';
import { oneAtATime } from './one-at-a-time.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('oneAtATime', () => {
  it('runs work of one key in order, other keys beside it, and goes on after a failure', async () => {
    const run = oneAtATime();
    const log: string[] = [];
    const step = (name: string, ms: number, fail = false) => async () => {
      log.push(`${name} start`);
      await tick(ms);
      log.push(`${name} end`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([run('a', step('a1', 30, true)), run('a', step('a2', 1)), run('b', step('b1', 5))]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('a1 end')).toBeLessThan(log.indexOf('a2 start'));
    expect(log.indexOf('b1 start')).toBeLessThan(log.indexOf('a1 end'));
  });
});
