import { CoreError, type Bot, type KnowledgeEntry } from '@chatbot/core';
import { ServerError } from '../errors.ts';
import type { Store } from '../store/store.ts';

/**
 * Every change to the knowledge base goes through here: the bot takes it at once (no restart), the store
 * keeps it, the other nodes hear of it, and unanswered questions it now covers are marked resolved. Edits
 * take turns with catching up with the store (`exclusive`, from the bot holder).
 */
export function createKnowledgeEditor(deps: { store: Store; bot: () => Bot; knowledgeChanged?: (ids: string[]) => void; exclusive?: <T>(work: () => Promise<T>) => Promise<T> }) {
  const { store } = deps;
  const exclusive = deps.exclusive ?? ((work) => work());
  return {
    save: (given: KnowledgeEntry): Promise<KnowledgeEntry> => exclusive(async () => {
      let entry: KnowledgeEntry;
      try {
        entry = await deps.bot().upsert(given);
      } catch (error) {
        if (error instanceof CoreError) throw new ServerError('KB_INVALID', error.message, { cause: error });
        throw error;
      }
      await store.putKnowledgeEntry(entry);
      await store.resolveUnanswered(entry.questions);
      deps.knowledgeChanged?.([entry.id]);
      return entry;
    }),
    remove: (id: string): Promise<void> => exclusive(async () => {
      if (!(await deps.bot().remove(id))) throw new ServerError('ENTRY_NOT_FOUND', 'no such entry');
      await store.deleteKnowledgeEntry(id);
      deps.knowledgeChanged?.([id]);
    }),
  };
}

export type KnowledgeEditor = ReturnType<typeof createKnowledgeEditor>;
