import { describe, expect, it } from 'vitest';
import { retryDelay } from './retry-delay.ts';

describe('retryDelay', () => {
  it('doubles from one second up to thirty, each wait between half and all of that', () => {
    expect([0, 1, 2, 3, 4, 5, 40].map((attempt) => retryDelay(attempt, () => 1))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect([0, 5].map((attempt) => retryDelay(attempt, () => 0))).toEqual([500, 15_000]);
  });
});
