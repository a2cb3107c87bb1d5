import { randomUUID } from 'node:crypto';
import type { ConversationRecord, MessageDraft } from './records.ts';
import { conversationFrom, messageFrom, type Row } from './rows.ts';
import type { SqlClient } from './sql-client.ts';
import { insertMessage, type StoredMessage } from './insert-message.ts';
import { refuseTakenClientId } from './client-id-owner.ts';

export const OPEN_CONVERSATION = "select * from conversations where visitor_id = $1 and state <> 'closed' order by created_at desc limit 1";

/**
 * The visitor's open conversation, or a new one in the bot state, inside the caller's transaction. Opening one
 * is serialised per visitor by their row's lock (taken here, held to the end of the transaction), so several
 * messages at once (two tabs, a channel's burst) open one.
 */
export async function openConversationIn(tx: SqlClient, visitorId: string): Promise<ConversationRecord> {
  await tx.query('select id from visitors where id = $1 for update', [visitorId]);
  const [opened] = await tx.query<Row>(OPEN_CONVERSATION, [visitorId]);
  const [row] = opened ? [opened] : await tx.query<Row>("insert into conversations (id, visitor_id, state) values ($1, $2, 'bot') returning *", [randomUUID(), visitorId]);
  return conversationFrom(row!);
}

/** A visitor's message as stored, with the conversation it is in (not the one it was sent to, when that closed meanwhile). */
export type StoredVisitorMessage = StoredMessage & { conversation: ConversationRecord };

/**
 * Stores what a visitor sent (`insert`, given the conversation it goes to) inside the caller's transaction, in
 * `conversationId`, the conversation they were in when they sent it, if it is still open; if it closed meanwhile
 * (an agent closed it at that moment), in their open conversation, a new one if need be, where the bot answers
 * it. The conversation's row lock serialises it with the close (which holds that lock too), so no acknowledged
 * message lands after the "closed" line. Locks are taken in the close's order, the conversation's before the
 * visitor's (its line's insert checks the visitor key), or the two deadlock.
 * A clientId the visitor sent before, in this conversation or an earlier one (the widget's outbox resends a
 * message whose acknowledgement was lost, maybe after its conversation closed), is that message, stored once.
 */
export async function appendVisitorMessageIn(tx: SqlClient, visitorId: string, conversationId: string, sent: Pick<MessageDraft, 'clientId' | 'type'>, insert: (conversationId: string) => Promise<StoredMessage>): Promise<StoredVisitorMessage> {
  const { clientId } = sent;
  if (clientId) {
    const [earlier] = await tx.query<Row>(
      `select m.* from conversations c join messages m on m.conversation_id = c.id and m.client_id = $2 and m.type like 'visitor-%'
        where c.visitor_id = $1 order by c.created_at desc limit 1`,
      [visitorId, clientId],
    );
    if (earlier) {
      refuseTakenClientId(sent as MessageDraft, messageFrom(earlier)); // a file's clientId reused for a text, or the other way
      const [conversation] = await tx.query<Row>('select * from conversations where id = $1', [earlier['conversation_id']]);
      return { message: messageFrom(earlier), duplicate: true, announced: 0, conversation: conversationFrom(conversation!) };
    }
  }
  const [sentTo] = await tx.query<Row>("select * from conversations where id = $1 and visitor_id = $2 and state <> 'closed' for update", [conversationId, visitorId]);
  const conversation = sentTo ? conversationFrom(sentTo) : await openConversationIn(tx, visitorId);
  return { ...(await insert(conversation.id)), conversation };
}

/** Storing what visitors send. */
export function visitorMessageQueries(db: SqlClient) {
  return {
    /** Stores a visitor's message in the conversation they sent it to, or their open one (see appendVisitorMessageIn). */
    async appendVisitorMessage(visitorId: string, conversationId: string, draft: MessageDraft, announce: boolean): Promise<StoredVisitorMessage> {
      return db.transaction((tx) => appendVisitorMessageIn(tx, visitorId, conversationId, draft, (id) => insertMessage(tx, id, draft, announce)));
    },
  };
}
