import { randomUUID } from 'node:crypto';
import type { CalibrationJob, CalibrationProposal } from '@chatbot/protocol';
import type { Store } from '../store/store.ts';

const KEEP_SECONDS = 3600;
/** Progress is written after this many questions. */
const REPORT_EVERY = 25;
/** A running job whose progress has not moved for this long was on a node that stopped. */
const STALE_MS = 30_000;

type Stored = CalibrationJob & { updatedAt: number };

/**
 * Calibrations too long for one request (thousands of questions take tens of seconds): the node that
 * receives one runs it in the background and writes its progress to the shared store, so any node can
 * report it. Jobs are kept an hour.
 */
export function createCalibrationJobs(deps: { kv: Store['kv']; log: (error: unknown) => void }) {
  const key = (id: string) => `calibration:${id}`;
  return {
    /** Starts `run` (which reports each answered question) and returns the job at once. */
    async start(total: number, run: (answered: () => void) => Promise<CalibrationProposal>): Promise<CalibrationJob> {
      const job: CalibrationJob = { id: randomUUID(), status: 'running', done: 0, total };
      const put = (next: CalibrationJob) => deps.kv.set(key(job.id), JSON.stringify({ ...next, updatedAt: Date.now() } satisfies Stored), KEEP_SECONDS);
      // The first write fails the request (the store is unreachable); later ones go one after another, so a
      // late progress write never overwrites the result.
      await put(job);
      let writing = Promise.resolve();
      const write = (next: CalibrationJob) => (writing = writing.then(() => put(next)).catch(deps.log));
      let done = 0;
      void run(() => {
        if (++done % REPORT_EVERY === 0) void write({ ...job, done });
      }).then(
        (result) => write({ ...job, status: 'done', done: total, result }),
        (error: unknown) => write({ ...job, status: 'failed', done, error: error instanceof Error ? error.message : String(error) }),
      );
      return job;
    },
    async get(id: string): Promise<CalibrationJob | undefined> {
      const raw = await deps.kv.get(key(id));
      if (raw === undefined) return undefined;
      const { updatedAt, ...job } = JSON.parse(raw) as Stored;
      if (job.status === 'running' && Date.now() - updatedAt > STALE_MS) return { ...job, status: 'failed', error: 'the server node running it stopped; start the calibration again' };
      return job;
    },
  };
}

export type CalibrationJobs = ReturnType<typeof createCalibrationJobs>;
