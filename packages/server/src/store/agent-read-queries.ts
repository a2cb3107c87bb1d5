import type { SqlClient } from './sql-client.ts';

const FROM_VISITOR = `('visitor-text', 'visitor-file')`;

/** How far each agent has read each conversation, so unread counts survive a reload, a new device and a transfer. */
export function agentReadQueries(db: SqlClient) {
  return {
    /** The agent has read up to `seq` (never past the conversation's last message, never backwards). */
    async markAgentRead(conversationId: string, agentId: string, seq: number): Promise<void> {
      await db.query(
        `insert into agent_reads (conversation_id, agent_id, read_seq)
           select $1, $2, least($3, max(seq)) from messages where conversation_id = $1 having count(*) > 0
         on conflict (conversation_id, agent_id) do update set read_seq = greatest(agent_reads.read_seq, excluded.read_seq)`,
        [conversationId, agentId, seq],
      );
    },
    /**
     * The visitor's messages the agent has not read, by conversation (conversations with none left out). Only those
     * since the conversation was last assigned or transferred count, as a console counts them live.
     */
    async unreadCounts(agentId: string, conversationIds: readonly string[]): Promise<Map<string, number>> {
      if (conversationIds.length === 0) return new Map();
      const rows = await db.query<{ conversation_id: string; n: unknown }>(
        `with handed as (
           select conversation_id, max(seq) as seq from messages
           where conversation_id = any($2::text[]) and type = 'system' and body->>'event' in ('assigned', 'transferred')
           group by conversation_id)
         select m.conversation_id, count(*) as n from messages m
           left join agent_reads r on r.conversation_id = m.conversation_id and r.agent_id = $1
           left join handed h on h.conversation_id = m.conversation_id
         where m.conversation_id = any($2::text[]) and m.type in ${FROM_VISITOR} and m.seq > greatest(coalesce(r.read_seq, 0), coalesce(h.seq, 0))
         group by m.conversation_id`,
        [agentId, [...conversationIds]],
      );
      return new Map(rows.map((r) => [r.conversation_id, Number(r.n)]));
    },
  };
}
