import { validateEntry, type Bot, type KnowledgeEntry } from '@chatbot/core';
import { ServerError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { entryVersion } from './entry-version.ts';

/** The entry as the bot keeps it (trimmed), or KB_INVALID naming what is wrong. */
function checked(given: KnowledgeEntry): KnowledgeEntry {
  const result = validateEntry(given);
  if ('errors' in result) throw new ServerError('KB_INVALID', `entry is invalid: ${result.errors.join('; ')}`);
  return result.entry;
}

/**
 * Every change to the knowledge base goes through here: the store keeps it, then the bot takes it at once (no
 * restart), the other nodes hear of it, and unanswered questions it now covers are marked resolved. The store
 * comes first so a failed write changes nothing the visitors see. Edits take turns with catching up with the
 * store (`exclusive`, from the bot holder).
 */
export function createKnowledgeEditor(deps: { store: Store; bot: () => Bot; knowledgeChanged?: (ids: string[]) => void; exclusive?: <T>(work: () => Promise<T>) => Promise<T> }) {
  const { store } = deps;
  const exclusive = deps.exclusive ?? ((work) => work());
  const publish = async (entries: KnowledgeEntry[]): Promise<void> => {
    for (const entry of entries) await deps.bot().upsert(entry);
    await store.resolveUnanswered(entries.flatMap((e) => e.questions));
    deps.knowledgeChanged?.(entries.map((e) => e.id));
  };
  /** Adds or replaces the entries: all of them or, when one is invalid or the store fails, none. */
  const saveAll = (given: KnowledgeEntry[]): Promise<KnowledgeEntry[]> => exclusive(async () => {
    const entries = given.map(checked);
    await store.putKnowledgeEntries(entries);
    await publish(entries);
    return entries;
  });
  return {
    saveAll,
    save: async (given: KnowledgeEntry): Promise<KnowledgeEntry> => (await saveAll([given]))[0]!,
    /** Adds an entry; KB_ENTRY_EXISTS, changing nothing, when its id is taken. */
    create: (given: KnowledgeEntry): Promise<KnowledgeEntry> => exclusive(async () => {
      const entry = checked(given);
      if (!(await store.insertKnowledgeEntry(entry))) throw new ServerError('KB_ENTRY_EXISTS', `an entry with the id "${entry.id}" exists already: choose another id, or edit that entry`);
      await publish([entry]);
      return entry;
    }),
    /**
     * Replaces an entry only if it is still the version the operator opened (`If-Match`; '*' for any version):
     * KB_ENTRY_CHANGED when another save came first, KB_ENTRY_GONE when it was deleted meanwhile.
     */
    replace: (given: KnowledgeEntry, expected: string[] | '*'): Promise<KnowledgeEntry> => exclusive(async () => {
      const entry = checked(given);
      const outcome = await store.replaceKnowledgeEntryIf(entry, (stored) => expected === '*' || expected.includes(entryVersion(stored)));
      if (outcome === 'gone') throw new ServerError('KB_ENTRY_GONE', `the entry "${entry.id}" was deleted after you opened it: nothing was saved`);
      if (outcome === 'changed') throw new ServerError('KB_ENTRY_CHANGED', `the entry "${entry.id}" was changed by someone else after you opened it: nothing was saved; reopen it and edit again`);
      await publish([entry]);
      return entry;
    }),
    /** Deletes an entry; given the versions the operator saw (`If-Match`), only one of those: KB_ENTRY_CHANGED when someone saved it since. */
    remove: (id: string, expected?: string[] | '*'): Promise<void> => exclusive(async () => {
      const outcome = expected && expected !== '*'
        ? await store.deleteKnowledgeEntryIf(id, (stored) => expected.includes(entryVersion(stored)))
        : (await store.deleteKnowledgeEntry(id)) ? 'deleted' : 'gone';
      if (outcome === 'gone') throw new ServerError('ENTRY_NOT_FOUND', 'no such entry');
      if (outcome === 'changed') throw new ServerError('KB_ENTRY_CHANGED', `the entry "${id}" was changed by someone else after you opened it: it was not deleted; reopen it to see the change`);
      await deps.bot().remove(id);
      deps.knowledgeChanged?.([id]);
    }),
  };
}

export type KnowledgeEditor = ReturnType<typeof createKnowledgeEditor>;
