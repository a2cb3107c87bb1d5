import { createBot, type Bot, type BotOptions, type KnowledgeEntry, type SynonymGroups } from '@chatbot/core';
import type { Store } from '../store/store.ts';

/**
 * The server's bot. A new synonym table changes how every question is read, so it takes a new bot: built
 * from the stored knowledge base while the old one keeps answering, it takes over once ready and then
 * catches up with edits made meanwhile. Rebuilds run one at a time, in the order asked. Knowledge edits
 * and catching up with the store take turns (`exclusive`), so a catch-up never reads the store between an
 * edit reaching the bot and reaching the store, and undoes it.
 */
export async function createBotHolder(deps: { store: Store; options: Omit<BotOptions, 'knowledge' | 'synonyms'>; synonyms: SynonymGroups; knowledge?: readonly KnowledgeEntry[] }) {
  const build = async (synonyms: SynonymGroups, knowledge?: readonly KnowledgeEntry[]) => createBot({ ...deps.options, knowledge: knowledge ?? (await deps.store.knowledgeEntries()), synonyms });
  // The first bot from the entries the caller already read at start (the store's, or the seed it just wrote).
  let bot = await build(deps.synonyms, deps.knowledge);
  let queue: Promise<void> = Promise.resolve();
  let waiting = 0;
  let turn: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = turn.then(work, work);
    turn = run.catch(() => {});
    return run;
  };
  // The knowledge base's version the bot last caught up with: an unchanged store is not re-read.
  let caughtUpWith: string | undefined;
  const catchUpWith = (target: Bot, always: boolean) =>
    exclusive(async () => {
      const version = await deps.store.knowledgeVersion();
      if (!always && version === caughtUpWith) return;
      await catchUp(target, await deps.store.knowledgeEntries());
      caughtUpWith = version;
    });
  return {
    bot: () => bot,
    exclusive,
    /** Brings the bot in line with the stored knowledge base, if it changed since the last time: for edits whose news this node missed. */
    catchUp: () => catchUpWith(bot, false),
    /** A rebuild is under way or queued. */
    rebuilding: () => waiting > 0,
    /** Resolves once a bot reading with this table answers. */
    rebuild(synonyms: SynonymGroups): Promise<void> {
      waiting++;
      const task = queue
        .then(async () => {
          const next = await build(synonyms);
          next.setThresholds(bot.givenThresholds()); // as they are now: an operator may have changed them during the build
          const previous = bot;
          bot = next;
          previous.close(); // answers still in flight finish; its background training stops
          await catchUpWith(next, true);
        })
        .finally(() => waiting--);
      queue = task.catch(() => {});
      return task;
    },
  };
}

/** Applies to the bot the stored entries it lacks or holds differently, and drops those the store no longer has. */
async function catchUp(bot: Bot, stored: readonly KnowledgeEntry[]): Promise<void> {
  const held = new Map(bot.entries().map((entry) => [entry.id, canonical(entry)]));
  for (const entry of stored) {
    if (held.get(entry.id) !== canonical(entry)) await bot.upsert(entry);
    held.delete(entry.id);
  }
  for (const id of held.keys()) await bot.remove(id);
}

export type BotHolder = Awaited<ReturnType<typeof createBotHolder>>;

/** JSON with object keys in order, so the same entry read from two places compares equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}
