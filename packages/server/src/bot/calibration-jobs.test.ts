import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalibrationProposal } from '@chatbot/protocol';
import { createStore } from '../store/store.ts';
import { createCalibrationJobs } from './calibration-jobs.ts';

const PROPOSAL = { queries: 30, inScope: 20, warnings: [], current: { thresholds: { answer: 0.2, suggest: 0.1, margin: 0 }, balancedAccuracy: 0.5, accuracy: 0.5 }, calibrated: { thresholds: { answer: 0.3, suggest: 0.1, margin: 0 }, balancedAccuracy: 0.8 }, ranking: { in_scope_top1: 0.9, recall_at_3: 1 } } satisfies CalibrationProposal;

describe('background calibrations', () => {
  let store: Awaited<ReturnType<typeof createStore>>;
  beforeAll(async () => {
    store = await createStore();
  });
  afterAll(() => store.close());
  const until = async (probe: () => Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await probe()); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('report their progress, then their result, through the shared store', async () => {
    const jobs = createCalibrationJobs({ kv: store.kv, log: () => {} });
    let finish!: () => void;
    const job = await jobs.start(30, async (answered) => {
      for (let i = 0; i < 26; i++) answered();
      await new Promise<void>((resolve) => (finish = resolve));
      for (let i = 0; i < 4; i++) answered();
      return PROPOSAL;
    });
    expect(job).toMatchObject({ status: 'running', done: 0, total: 30 });
    await until(async () => (await jobs.get(job.id))?.done === 25);
    expect(await jobs.get(job.id)).toMatchObject({ status: 'running', done: 25 });
    finish();
    await until(async () => (await jobs.get(job.id))?.status === 'done');
    expect(await jobs.get(job.id)).toEqual({ id: job.id, status: 'done', done: 30, total: 30, result: PROPOSAL });
  });

  it('say why they failed, and call a job whose node went quiet failed', async () => {
    const jobs = createCalibrationJobs({ kv: store.kv, log: () => {} });
    const failing = await jobs.start(3, async () => {
      throw new Error('the bot is gone');
    });
    await until(async () => (await jobs.get(failing.id))?.status === 'failed');
    expect(await jobs.get(failing.id)).toMatchObject({ status: 'failed', error: 'the bot is gone' });
    await store.kv.set('calibration:quiet', JSON.stringify({ id: 'quiet', status: 'running', done: 5, total: 10, updatedAt: Date.now() - 60_000 }), 60);
    expect(await jobs.get('quiet')).toMatchObject({ status: 'failed', done: 5, error: expect.stringMatching(/node running it stopped/) });
    expect(await jobs.get('never')).toBeUndefined();
  });
});
