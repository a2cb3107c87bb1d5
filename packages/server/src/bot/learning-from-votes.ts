import type { Bot } from '@chatbot/core';
import { repeatTask } from '../lifecycle/repeat-task.ts';
import type { Store } from '../store/store.ts';

/**
 * Retrains this node's bot when the visitors' "helpful" votes changed since it last looked (new votes, or
 * votes erased with their visitor, whose questions must then leave the model too): the bot reads the confirmed
 * pairs at each training (`learnedPairs`). Looks every `everyMs`; 0 turns it off (`POST /api/retrain` still works).
 */
export function startLearningFromVotes(deps: { store: Store; bot: () => Bot; everyMs: number; log: (error: unknown) => void }) {
  if (deps.everyMs <= 0) return { stop: async () => {} };
  // The bot built at start read the votes there were: the first look only notes them.
  let seen: string | undefined;
  return repeatTask(
    async () => {
      const mark = await deps.store.helpfulVotesMark();
      if (seen !== undefined && mark !== seen) deps.bot().retrain();
      seen = mark;
    },
    { everyMs: deps.everyMs, log: deps.log, runAtStart: true },
  );
}
