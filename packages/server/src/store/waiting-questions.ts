import type { ChatMessage } from '@chatbot/protocol';
import { messageFrom, type Row } from './rows.ts';
import type { SqlClient } from './sql-client.ts';

/** How far back in a conversation a question may wait for the bot: its last messages, where a turn can still be taken. */
const LOOK_BACK_MESSAGES = 20;

/** A visitor's question stored (and acknowledged) that no reply names yet. */
export interface WaitingQuestion {
  visitorId: string;
  message: ChatMessage & { type: 'visitor-text' };
}

/** The visitor questions the bot owes an answer. */
export function waitingQuestionQueries(db: SqlClient) {
  return {
    /**
     * Questions of these visitors, asked at or before `askedBefore` in a conversation the bot serves, that no
     * message answers (none has the clientId `replyPrefix` + the question's id), among the conversation's last
     * messages and after its last system line (a hand-off step: what came before it was someone else's to answer).
     * In each conversation's order.
     */
    async waitingQuestions(visitorIds: readonly string[], askedBefore: Date, replyPrefix: string): Promise<WaitingQuestion[]> {
      if (visitorIds.length === 0) return [];
      const rows = await db.query<Row & { visitor_id: string }>(
        `select m.*, c.visitor_id from conversations c
           join lateral (select * from messages r where r.conversation_id = c.id order by r.seq desc limit $4) m on true
          where c.visitor_id = any($1::text[]) and c.state = 'bot' and m.type = 'visitor-text' and m.created_at <= $2
            and m.seq > coalesce((select max(s.seq) from messages s where s.conversation_id = c.id and s.type = 'system'), 0)
            and not exists (select 1 from messages a where a.conversation_id = c.id and a.client_id = $3 || m.id)
          order by c.id, m.seq`,
        [[...new Set(visitorIds)], askedBefore, replyPrefix, LOOK_BACK_MESSAGES],
      );
      return rows.map((row) => ({ visitorId: row.visitor_id, message: messageFrom(row) as WaitingQuestion['message'] }));
    },
  };
}
