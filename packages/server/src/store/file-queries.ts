import type { FileRef } from '@chatbot/protocol';
import { randomBytes } from 'node:crypto';
import { insertMessage, type StoredMessage } from './insert-message.ts';
import type { MessageDraft } from './records.ts';
import type { SqlClient } from './sql-client.ts';
import { appendVisitorMessageIn, type StoredVisitorMessage } from './visitor-message.ts';

export interface StoredFile extends FileRef {
  conversationId: string;
  bytes: Buffer;
}

type FileUpload = Omit<FileRef, 'id'> & { bytes: Uint8Array };

async function insertFileMessage(tx: SqlClient, conversationId: string, file: FileUpload, draft: (ref: FileRef) => MessageDraft, announce: boolean): Promise<StoredMessage> {
  // 128 random bits: the link is the permission to read the file.
  const ref: FileRef = { id: randomBytes(16).toString('base64url'), name: file.name, mime: file.mime, size: file.size };
  const stored = await insertMessage(tx, conversationId, draft(ref), announce);
  if (!stored.duplicate) await tx.query('insert into files (id, conversation_id, name, mime, size, bytes) values ($1, $2, $3, $4, $5, $6)', [ref.id, conversationId, ref.name, ref.mime, ref.size, Buffer.from(file.bytes)]);
  return stored;
}

/** Files sent in conversations: stored with the message that carries them, in the same database. */
export function fileQueries(db: SqlClient) {
  return {
    /**
     * Stores a file and the message carrying it in one transaction. A resend with the same clientId returns
     * the message stored the first time and stores no second copy of the bytes.
     */
    async appendFileMessage(conversationId: string, file: FileUpload, draft: (ref: FileRef) => MessageDraft, announce = true): Promise<StoredMessage> {
      return db.transaction((tx) => insertFileMessage(tx, conversationId, file, draft, announce));
    },
    /** A visitor's file, stored like their messages: in the conversation they sent it to or, closed meanwhile, their open one (see appendVisitorMessageIn). */
    async appendVisitorFileMessage(sent: { visitorId: string; conversationId: string; clientId: string }, file: FileUpload, draft: (ref: FileRef) => MessageDraft, announce = true): Promise<StoredVisitorMessage> {
      const { visitorId, conversationId, clientId } = sent;
      return db.transaction((tx) => appendVisitorMessageIn(tx, visitorId, conversationId, { clientId, type: 'visitor-file' }, (id) => insertFileMessage(tx, id, file, draft, announce)));
    },
    /** Deletes the bytes of files sent more than `days` ago (the messages stay, naming them); returns how many. */
    async deleteFilesOlderThan(days: number): Promise<number> {
      return (await db.query('delete from files where created_at < now() - make_interval(days => $1::int) returning id', [days])).length;
    },
    async fileById(id: string): Promise<StoredFile | undefined> {
      const row = (await db.query<{ id: string; conversation_id: string; name: string; mime: string; size: number; bytes: Uint8Array }>('select * from files where id = $1', [id]))[0];
      return row && { id: row.id, conversationId: row.conversation_id, name: row.name, mime: row.mime, size: Number(row.size), bytes: Buffer.from(row.bytes) };
    },
  };
}
