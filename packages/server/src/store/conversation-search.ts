import type { ConversationState, HandoffReason } from '@chatbot/protocol';
import type { ConversationRecord } from './records.ts';
import { conversationFrom, type Row } from './rows.ts';
import type { SqlClient } from './sql-client.ts';

export interface ConversationFilter {
  /** Text in any message, or a sent file's name. */
  q?: string;
  state?: ConversationState;
  channel?: string;
  handoffReason?: HandoffReason;
  /** Rated this or lower (1–5): the conversations to learn from. */
  csatAtMost?: number;
  /** Began on or after / on or before these days (YYYY-MM-DD) in `tz`. */
  from?: string;
  to?: string;
  tz?: string;
  visitorId?: string;
  agentId?: string;
  /** Handed to this agents' group (技能组). */
  group?: string;
  limit: number;
  offset: number;
}

/** Text anywhere in a value, `%` and `_` taken literally (for `ilike`). */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/** Finding past conversations (history, quality review, a visitor's earlier chats), newest first. */
export function conversationSearch(db: SqlClient) {
  return {
    async searchConversations(filter: ConversationFilter): Promise<{ total: number; conversations: ConversationRecord[] }> {
      const where = `where ($1::text is null or c.state = $1) and ($2::text is null or v.channel = $2) and ($3::text is null or c.handoff_reason = $3)
        and ($4::int is null or c.csat <= $4)
        and ($5::date is null or c.created_at >= $5::timestamp at time zone $10)
        and ($6::date is null or c.created_at < ($6::date + 1)::timestamp at time zone $10)
        and ($7::text is null or c.visitor_id = $7) and ($8::text is null or c.assigned_agent_id = $8)
        and ($11::text is null or c.skill_group = $11)
        and ($9::text is null or exists (select 1 from messages m where m.conversation_id = c.id and coalesce(m.body->>'text', m.body->'file'->>'name') ilike $9))`;
      const params = [
        filter.state ?? null, filter.channel ?? null, filter.handoffReason ?? null, filter.csatAtMost ?? null, filter.from ?? null, filter.to ?? null,
        filter.visitorId ?? null, filter.agentId ?? null, filter.q ? likePattern(filter.q) : null, filter.tz ?? 'UTC', filter.group ?? null,
      ];
      const from = 'from conversations c join visitors v on v.id = c.visitor_id';
      const [count] = await db.query<{ n: unknown }>(`select count(*) as n ${from} ${where}`, params);
      const rows = await db.query<Row>(`select c.* ${from} ${where} order by c.created_at desc, c.id limit $12 offset $13`, [...params, filter.limit, filter.offset]);
      return { total: Number(count?.n ?? 0), conversations: rows.map(conversationFrom) };
    },
  };
}
