import type { SqlClient } from './sql-client.ts';

export interface OpenUnanswered {
  text: string;
  count: number;
  lastAt: string;
  /** How the bot failed: no-answer, suggest (unsure), not-helpful (voted down). */
  kinds: string[];
}

/** Questions the bot could not answer, until someone resolves them by teaching the bot. */
export function unansweredQueries(db: SqlClient) {
  return {
    async openUnanswered(limit = 500): Promise<OpenUnanswered[]> {
      const rows = await db.query<{ text: string; n: string; last: Date; kinds: string[] }>(
        'select text, count(*) as n, max(created_at) as last, array_agg(distinct kind) as kinds from unanswered where resolved_at is null group by text order by count(*) desc, max(created_at) desc limit $1',
        [limit],
      );
      return rows.map((r) => ({ text: r.text, count: Number(r.n), lastAt: new Date(r.last).toISOString(), kinds: r.kinds }));
    },
    /** Marks these questions (every time they were asked) as taken care of; returns how many records changed. */
    async resolveUnanswered(texts: readonly string[]): Promise<number> {
      if (texts.length === 0) return 0;
      // A visitor's multi-line question is resolved by the entry question it became (its spaces collapsed).
      const rows = await db.query("update unanswered set resolved_at = now() where resolved_at is null and (text = any($1) or btrim(regexp_replace(text, '[[:space:]]+', ' ', 'g')) = any($1)) returning id", [[...texts]]);
      return rows.length;
    },
    /** What agents answered after each of these questions in the same conversation (the first agent reply after it), most frequent first. */
    async agentRepliesTo(texts: readonly string[]): Promise<Map<string, string[]>> {
      if (texts.length === 0) return new Map();
      const rows = await db.query<{ text: string; reply: string }>(
        `select u.text, r.body->>'text' as reply from unanswered u
           join lateral (select body from messages m where m.conversation_id = u.conversation_id and m.type = 'agent-text' and m.created_at >= u.created_at order by m.seq limit 1) r on true
          where u.text = any($1)`,
        [[...texts]],
      );
      const byText = new Map<string, Map<string, number>>();
      for (const { text, reply } of rows) {
        const counts = byText.get(text) ?? new Map<string, number>();
        counts.set(reply, (counts.get(reply) ?? 0) + 1);
        byText.set(text, counts);
      }
      return new Map([...byText].map(([text, counts]) => [text, [...counts].sort((a, b) => b[1] - a[1]).map(([reply]) => reply)]));
    },
  };
}
