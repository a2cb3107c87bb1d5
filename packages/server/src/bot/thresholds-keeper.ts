import type { Bot, Thresholds } from '@chatbot/core';
import type { AnswerBarsState } from '@chatbot/protocol';
import type { Store } from '../store/store.ts';

/**
 * The bars the bot answers at: the configured ones (ANSWER_THRESHOLD… or the defaults) unless an operator
 * saved others, which then hold on every node (`changed` tells the cluster) and after a restart.
 */
export function createThresholdsKeeper(deps: { store: Store; bot: () => Bot; changed?: () => void }) {
  const configured = deps.bot().thresholds();
  let saved = false;
  const apply = (thresholds: Thresholds | undefined) => {
    if (thresholds) deps.bot().setThresholds(thresholds);
    else deps.bot().resetThresholds();
    saved = thresholds !== undefined;
  };
  return {
    state: (): AnswerBarsState => {
      const { englishThresholds } = deps.bot().info();
      return { thresholds: deps.bot().thresholds(), ...(englishThresholds ? { englishThresholds } : {}), configured, saved };
    },
    /** Applies the saved bars, or the configured ones when none are saved: at start, and when another node changed them. */
    async load(): Promise<void> {
      apply(await deps.store.savedThresholds());
    },
    async save(thresholds: Thresholds): Promise<void> {
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
