import { formatSynonyms, parseSynonyms, type SynonymGroups } from '@chatbot/core';
import type { SynonymTableState } from '@chatbot/protocol';
import type { Store } from '../store/store.ts';

/**
 * The synonym table the bot reads with: the configured one (SYNONYMS, or none) unless an operator saved
 * another, which then holds on every node (`changed` tells the cluster) and after a restart. The text is
 * kept as written, comments included.
 */
export function createSynonymsKeeper(deps: { store: Store; configured: SynonymGroups; rebuild: (groups: SynonymGroups) => Promise<void>; rebuilding: () => boolean; changed?: () => void }) {
  const configured = formatSynonyms(deps.configured);
  let saved: string | undefined;
  let groups = deps.configured;
  // The table the bot reads with or is being rebuilt with: a second load while a rebuild runs starts no other.
  let target = formatSynonyms(groups);
  const groupsOf = (text: string | undefined) => (text === undefined ? deps.configured : parseSynonyms(text));
  const apply = async (text: string | undefined, next = groupsOf(text)) => {
    saved = text;
    if (formatSynonyms(next) === target) return;
    target = formatSynonyms(next);
    try {
      await deps.rebuild(next);
      groups = next;
    } catch (error) {
      target = formatSynonyms(groups);
      throw error;
    }
  };
  return {
    state: (): SynonymTableState => ({ text: saved ?? configured, groups: groups.map((group) => [...group]), configured, saved: saved !== undefined, rebuilding: deps.rebuilding() }),
    /**
     * The table to start with: the saved one, or the configured one when none is saved or the saved one no
     * longer reads (`onUnreadable` says why).
     */
    async initial(onUnreadable: (error: unknown) => void): Promise<SynonymGroups> {
      const text = await deps.store.savedSynonyms();
      if (text === undefined) return deps.configured;
      try {
        groups = parseSynonyms(text);
        target = formatSynonyms(groups);
        saved = text;
      } catch (error) {
        onUnreadable(error);
      }
      return groups;
    },
    /** Applies the saved table, or the configured one: when another node changed it. */
    async load(): Promise<void> {
      await apply(await deps.store.savedSynonyms());
    },
    /** Throws CORE_SYNONYMS_INVALID (naming the lines) before anything changes. */
    async save(text: string): Promise<void> {
      const next = parseSynonyms(text);
      await deps.store.saveSynonyms(text);
      await apply(text, next);
      deps.changed?.();
    },
    async reset(): Promise<void> {
      await deps.store.saveSynonyms(null);
      await apply(undefined);
      deps.changed?.();
    },
  };
}

export type SynonymsKeeper = ReturnType<typeof createSynonymsKeeper>;
