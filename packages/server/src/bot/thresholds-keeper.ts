import type { Bot } from '@chatbot/core';
import type { AnswerBarsState } from '@chatbot/protocol';
import type { SavedThresholds } from '../store/bot-settings-queries.ts';
import type { Store } from '../store/store.ts';

/**
 * The bars the bot answers at: the configured ones (ANSWER_THRESHOLD… or the defaults) unless an operator
 * saved others, which then hold on every node (`changed` tells the cluster) and after a restart.
 */
export function createThresholdsKeeper(deps: { store: Store; bot: () => Bot; changed?: () => void }) {
  const configured = deps.bot().thresholds();
  let saved: SavedThresholds | undefined;
  // From the configured bars each time, so saving bars without English ones forgets English ones saved before.
  const apply = (thresholds: SavedThresholds | undefined) => {
    deps.bot().resetThresholds();
    if (thresholds) deps.bot().setThresholds(thresholds);
    saved = thresholds;
  };
  return {
    state: (): AnswerBarsState => {
      const { englishThresholds } = deps.bot().info();
      return { thresholds: deps.bot().thresholds(), ...(englishThresholds ? { englishThresholds } : {}), configured, saved: saved !== undefined, ...(saved?.english ? { savedEnglish: saved.english } : {}) };
    },
    /** Applies the saved bars, or the configured ones when none are saved: at start, and when another node changed them. */
    async load(): Promise<void> {
      apply(await deps.store.savedThresholds());
    },
    async save(thresholds: SavedThresholds): Promise<void> {
      await deps.store.saveThresholds(thresholds);
      apply(thresholds);
      deps.changed?.();
    },
    async reset(): Promise<void> {
      await deps.store.saveThresholds(null);
      apply(undefined);
      deps.changed?.();
    },
  };
}

export type ThresholdsKeeper = ReturnType<typeof createThresholdsKeeper>;
