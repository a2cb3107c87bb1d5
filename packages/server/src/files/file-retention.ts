import { repeatTask } from '../lifecycle/repeat-task.ts';
import type { Store } from '../store/store.ts';

const HOUR_MS = 3_600_000;

/**
 * Deletes files older than `days` (FILE_RETENTION_DAYS), at start and then every `everyMs` (an hour), on every
 * node: the age is the file's own `created_at`, so restarts and several nodes need no coordination (a
 * second delete finds nothing). The messages stay and still name the file; its link answers 404.
 */
export function startFileRetention(deps: { store: Store; days: number; log: (error: unknown) => void; everyMs?: number }) {
  if (deps.days <= 0) return { stop: async () => undefined };
  return repeatTask(() => deps.store.deleteFilesOlderThan(deps.days), { everyMs: deps.everyMs ?? HOUR_MS, log: deps.log, runAtStart: true });
}
