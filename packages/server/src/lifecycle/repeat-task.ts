/**
 * Runs `task` every `everyMs` (and once at once with `runAtStart`), never two runs at a time; a failure is
 * logged and the next run comes as usual. `stop()` ends the schedule and waits for a run in progress, so a
 * node does not close its store under a running task. The timer does not keep the process alive.
 *
 * @example const retention = repeatTask(() => store.deleteFilesOlderThan(30), { everyMs: 3_600_000, log, runAtStart: true });
 */
export function repeatTask(task: () => Promise<unknown>, options: { everyMs: number; log: (error: unknown) => void; runAtStart?: boolean }) {
  let running: Promise<unknown> | undefined;
  const run = () => {
    running ??= task().catch(options.log).finally(() => (running = undefined));
  };
  if (options.runAtStart) run();
  const timer = setInterval(run, options.everyMs);
  timer.unref();
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
