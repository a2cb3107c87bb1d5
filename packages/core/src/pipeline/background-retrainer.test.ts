import { expect, it } from 'vitest';
import { createBackgroundRetrainer } from './background-retrainer.ts';

it('retrains once for a burst of edits and once more for edits made while it runs', async () => {
  let runs = 0;
  let release!: () => void;
  const retrainer = createBackgroundRetrainer(async () => {
    runs++;
    if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
  }, 5);
  retrainer.schedule();
  retrainer.schedule();
  retrainer.schedule();
  await new Promise((resolve) => setTimeout(resolve, 30));
  expect(runs).toBe(1);
  retrainer.schedule(); // an edit while the first retraining runs
  retrainer.schedule();
  release();
  await retrainer.idle();
  expect(runs).toBe(2);
});

it('reports a failed training from idle() once, instead of an unhandled rejection, and trains again after the next edit', async () => {
  let runs = 0;
  const retrainer = createBackgroundRetrainer(async () => {
    runs++;
    if (runs === 1) throw new Error('out of memory');
  }, 1);
  retrainer.schedule();
  expect(retrainer.busy()).toBe(true);
  await expect(retrainer.idle()).rejects.toThrow('out of memory');
  expect(retrainer.busy()).toBe(false);
  await expect(retrainer.idle()).resolves.toBeUndefined();
  retrainer.schedule();
  await retrainer.idle();
  expect(runs).toBe(2);
});
