import type { Thresholds } from '@chatbot/core';
import type { SqlClient } from './sql-client.ts';

/** Saved answer bars; `english`: a bilingual knowledge base's bars for English questions, over the others. */
export type SavedThresholds = Thresholds & { english?: Thresholds };

const THRESHOLDS = 'bot-thresholds';
const SYNONYMS = 'bot-synonyms';

/** What an operator saved for the bot (answer bars, synonym table); it replaces the configured value on every node and after restarts. */
export function botSettingsQueries(db: SqlClient) {
  const read = async (key: string) => (await db.query<{ value: string }>('select value from settings where key = $1', [key]))[0]?.value;
  /** null forgets the saved value. */
  const write = async (key: string, value: string | null) => {
    if (value === null) await db.query('delete from settings where key = $1', [key]);
    else await db.query('insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value', [key, value]);
  };
  return {
    async savedThresholds(): Promise<SavedThresholds | undefined> {
      const value = await read(THRESHOLDS);
      return value === undefined ? undefined : (JSON.parse(value) as SavedThresholds);
    },
    saveThresholds: (thresholds: SavedThresholds | null) => write(THRESHOLDS, thresholds && JSON.stringify(thresholds)),
    /** The synonym table's text as the operator wrote it (comments included). */
    savedSynonyms: () => read(SYNONYMS),
    saveSynonyms: (text: string | null) => write(SYNONYMS, text),
  };
}
