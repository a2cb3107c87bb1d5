import { CoreError, type Bot, type KnowledgeEntry } from '@chatbot/core';
import { ServerError } from '../errors.ts';
import type { Store } from '../store/store.ts';

/**
 * Every change to the knowledge base goes through here: the bot takes it at once (no restart), the store
 * keeps it, the other nodes hear of it, and unanswered questions it now covers are marked resolved.
 */
export function createKnowledgeEditor(deps: { store: Store; bot: () => Bot; knowledgeChanged?: (ids: string[]) => void }) {
  const { store } = deps;
  return {
    async save(entry: KnowledgeEntry): Promise<KnowledgeEntry> {
      const bot = deps.bot();
      try {
        await bot.upsert(entry);
      } catch (error) {
        if (error instanceof CoreError) throw new ServerError('KB_INVALID', error.message, { cause: error });
        throw error;
      }
      await store.putKnowledgeEntry(entry);
      // A new bot (new synonym table) that took over meanwhile was built from the store before this entry was in it.
      if (deps.bot() !== bot) await deps.bot().upsert(entry);
      await store.resolveUnanswered(entry.questions);
      deps.knowledgeChanged?.([entry.id]);
      return entry;
    },
    async remove(id: string): Promise<void> {
      const bot = deps.bot();
      if (!(await bot.remove(id))) throw new ServerError('ENTRY_NOT_FOUND', 'no such entry');
      await store.deleteKnowledgeEntry(id);
      if (deps.bot() !== bot) await deps.bot().remove(id);
      deps.knowledgeChanged?.([id]);
    },
  };
}

export type KnowledgeEditor = ReturnType<typeof createKnowledgeEditor>;
