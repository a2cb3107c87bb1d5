/**
 * Runs a (slow, cooperative) training job after knowledge-base edits: a burst of edits causes one
 * retraining, edits made while it runs cause exactly one more, and answers keep flowing meanwhile.
 * A failed run never goes unhandled: the next `idle()` rejects with it, and later edits train again.
 */
export function createBackgroundRetrainer(train: () => Promise<void>, delayMs = 200): { schedule(): void; idle(): Promise<void>; busy(): boolean } {
  let dirty = false;
  let running: Promise<void> | undefined;
  let failure: unknown;

  async function loop(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    while (dirty) {
      dirty = false;
      try {
        await train();
        failure = undefined;
      } catch (error) {
        failure = error;
      }
    }
  }

  return {
    schedule() {
      dirty = true;
      running ??= loop().finally(() => {
        running = undefined;
      });
    },
    async idle() {
      await running;
      if (failure !== undefined) {
        const error = failure;
        failure = undefined;
        throw error;
      }
    },
    busy: () => running !== undefined,
  };
}
