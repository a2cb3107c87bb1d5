/**
 * Runs a (slow, cooperative) training job after knowledge-base edits: a burst of edits causes one
 * retraining, edits made while it runs cause exactly one more, and answers keep flowing meanwhile.
 */
export function createBackgroundRetrainer(train: () => Promise<void>, delayMs = 200): { schedule(): void; idle(): Promise<void> } {
  let dirty = false;
  let running: Promise<void> | undefined;

  async function loop(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    while (dirty) {
      dirty = false;
      await train();
    }
  }

  return {
    schedule() {
      dirty = true;
      running ??= loop().finally(() => {
        running = undefined;
      });
    },
    idle: () => running ?? Promise.resolve(),
  };
}
