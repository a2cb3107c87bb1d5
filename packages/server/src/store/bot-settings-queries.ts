import type { Thresholds } from '@chatbot/core';
import type { SqlClient } from './sql-client.ts';

const KEY = 'bot-thresholds';

/** The answer / "did you mean" bars an operator saved; they replace the configured ones on every node and after restarts. */
export function botSettingsQueries(db: SqlClient) {
  return {
    async savedThresholds(): Promise<Thresholds | undefined> {
      const [row] = await db.query<{ value: string }>('select value from settings where key = $1', [KEY]);
      return row ? (JSON.parse(row.value) as Thresholds) : undefined;
    },
    /** null forgets the saved bars. */
    async saveThresholds(thresholds: Thresholds | null): Promise<void> {
      if (thresholds === null) await db.query('delete from settings where key = $1', [KEY]);
      else await db.query('insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value', [KEY, JSON.stringify(thresholds)]);
    },
  };
}
