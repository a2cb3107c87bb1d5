import type { KnowledgeEntry } from '@chatbot/core';
import { createHash } from 'node:crypto';

/**
 * A short hash of what an entry says: the `ETag` an operator's copy carries, so a save made from a stale copy
 * (`If-Match`) is refused instead of overwriting another operator's change. Built from the fields in a fixed
 * order because the store (jsonb) does not keep the keys' order.
 */
export function entryVersion(entry: KnowledgeEntry): string {
  const { id, questions, answer, tags = [], topic = '', attribute = '', group = '' } = entry;
  return createHash('sha1').update(JSON.stringify([id, questions, answer, tags, topic, attribute, group])).digest('hex').slice(0, 16);
}

/** The versions an `If-Match` header names (`"a", W/"b"`), or `*` for any. */
export function ifMatchVersions(header: string): string[] | '*' {
  if (header.trim() === '*') return '*';
  return header.split(',').map((tag) => tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '')).filter(Boolean);
}
