import type { SqlClient } from './sql-client.ts';

/** What erasing a visitor removed. */
export interface Erased {
  conversations: number;
  messages: number;
  files: number;
  leftMessages: number;
}

/**
 * Erasing a visitor on request (PIPL / GDPR): their conversations with every message, file, vote and
 * unanswered question in them, their left messages, proactive sends, webhook deliveries about them (sent or
 * not) and the visitor record, in one
 * transaction. Aggregate records that name no one (campaigns) stay.
 */
export function visitorErasure(db: SqlClient) {
  return {
    /** Erases the visitor, or answers 'in-service' (and erases nothing) while they are queued for or talking to an agent. */
    async eraseVisitor(visitorId: string): Promise<Erased | 'in-service'> {
      return db.transaction(async (tx) => {
        // Locked for the transaction, so a hand-off cannot start between this check and the erasure.
        const open = await tx.query<{ state: string }>("select state from conversations where visitor_id = $1 and state <> 'closed' for update", [visitorId]);
        if (open.some((c) => c.state === 'queued' || c.state === 'agent')) return 'in-service';
        const count = async (sql: string) => Number((await tx.query<{ n: unknown }>(sql, [visitorId]))[0]?.n ?? 0);
        const mine = 'conversation_id in (select id from conversations where visitor_id = $1)';
        const erased: Erased = {
          conversations: await count('select count(*) as n from conversations where visitor_id = $1'),
          messages: await count(`select count(*) as n from messages where ${mine}`),
          files: await count(`select count(*) as n from files where ${mine}`),
          leftMessages: await count('select count(*) as n from left_messages where visitor_id = $1'),
        };
        for (const table of ['files', 'feedback', 'unanswered', 'agent_reads', 'messages']) await tx.query(`delete from ${table} where ${mine}`, [visitorId]);
        await tx.query('delete from conversations where visitor_id = $1', [visitorId]);
        await tx.query('delete from left_messages where visitor_id = $1', [visitorId]);
        await tx.query('delete from proactive_sends where visitor_id = $1', [visitorId]);
        await tx.query('delete from webhook_deliveries where visitor_id = $1', [visitorId]);
        await tx.query('delete from visitor_tokens where visitor_id = $1', [visitorId]);
        await tx.query('delete from visitors where id = $1', [visitorId]);
        return erased;
      });
    },
  };
}
