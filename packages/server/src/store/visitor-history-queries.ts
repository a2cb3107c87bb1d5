import type { VisitorVisibleMessage } from '@chatbot/protocol';
import { messageFrom, type Row } from './rows.ts';
import type { SqlClient } from './sql-client.ts';

/** A page of a visitor's history; `hasMore` when messages follow it (ask again after its last one). */
export interface VisitorHistoryPage {
  messages: VisitorVisibleMessage[];
  hasMore: boolean;
}

/** What a visitor may read of their conversations: everything written to them, across conversations, never notes. */
export function visitorHistoryQueries(db: SqlClient) {
  return {
    /**
     * The visitor's messages after `afterSeq` of `conversationId`: the rest of that conversation, then those of
     * their later conversations, in order, notes left out; at most `limit`. Undefined when the conversation is
     * not the visitor's.
     *
     * @example
     * const page = await store.visitorMessagesAfter(visitor.id, lastKnown.conversationId, lastKnown.seq, 500);
     */
    async visitorMessagesAfter(visitorId: string, conversationId: string, afterSeq: number, limit: number): Promise<VisitorHistoryPage | undefined> {
      const [mine] = await db.query('select id from conversations where id = $1 and visitor_id = $2', [conversationId, visitorId]);
      if (!mine) return undefined;
      const rows = await db.query<Row>(
        `select m.* from messages m join conversations c on c.id = m.conversation_id
          where c.visitor_id = $1 and m.type <> 'note'
            and ((c.id = $2 and m.seq > $3) or (c.id <> $2 and (c.created_at, c.id) > (select created_at, id from conversations where id = $2)))
          order by c.created_at, c.id, m.seq
          limit $4`,
        [visitorId, conversationId, afterSeq, limit + 1],
      );
      return { messages: rows.slice(0, limit).map(messageFrom) as VisitorVisibleMessage[], hasMore: rows.length > limit };
    },
  };
}
