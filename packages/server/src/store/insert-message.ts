import type { ChatMessage } from '@chatbot/protocol';
import { randomUUID } from 'node:crypto';
import { refuseTakenClientId } from './client-id-owner.ts';
import type { MessageDraft } from './records.ts';
import { messageFrom, type Row } from './rows.ts';
import type { SqlClient } from './sql-client.ts';
import { enqueueWebhookEvent } from './webhook-queries.ts';

/** A message as stored: a resend (same clientId) is the first copy; `announced`: the message.created deliveries queued with it. */
export interface StoredMessage {
  message: ChatMessage;
  duplicate: boolean;
  announced: number;
}

/**
 * Appends a message inside the caller's transaction: the next sequence number of its conversation, or the
 * stored message when its clientId was seen before (a resend by the same sender; CLIENT_ID_TAKEN, rolling the
 * transaction back, when another sender or kind used it). With `announce` (some webhook wants message.created;
 * false spares the insert, 0.3–0.4 ms, when none does), a new message's deliveries are queued in the same
 * transaction: committed together, so no crash between the two leaves it unannounced.
 */
export async function insertMessage(tx: SqlClient, conversationId: string, draft: MessageDraft, announce: boolean): Promise<StoredMessage> {
  const { type, clientId, ...body } = draft;
  const text = 'file' in body ? `📎 ${body.file.name}` : 'text' in body && type !== 'note' ? String(body.text).slice(0, 200) : null;
  // Locking the conversation row serialises sequence numbers per conversation.
  const [conversation] = await tx.query<{ visitor_id: string }>('update conversations set last_message = coalesce($2, last_message), updated_at = now() where id = $1 returning visitor_id', [conversationId, text]);
  const inserted = (await tx.query<Row>(
    `insert into messages (id, conversation_id, seq, client_id, type, body)
     values ($1, $2, (select coalesce(max(seq), 0) + 1 from messages where conversation_id = $2), $3, $4, $5)
     on conflict (conversation_id, client_id) do nothing returning *`,
    [randomUUID(), conversationId, clientId ?? null, type, JSON.stringify(body)],
  ))[0];
  if (inserted) {
    const message = messageFrom(inserted);
    return { message, duplicate: false, announced: announce ? await enqueueWebhookEvent(tx, 'message.created', conversation?.visitor_id ?? null, { message }) : 0 };
  }
  const existing = messageFrom((await tx.query<Row>('select * from messages where conversation_id = $1 and client_id = $2', [conversationId, clientId]))[0]!);
  refuseTakenClientId(draft, existing);
  return { message: existing, duplicate: true, announced: 0 };
}
