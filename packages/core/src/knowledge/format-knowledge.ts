import { stringify } from 'yaml';
import type { KnowledgeEntry } from '../types.ts';
import type { KnowledgeFormat } from './load-knowledge.ts';
import { joinListCell } from './list-cell.ts';

export const KNOWLEDGE_COLUMNS = ['id', 'questions', 'answer', 'tags', 'topic', 'attribute', 'group'] as const;

/** One row per entry in the CSV/XLSX layout that `parseKnowledge(…, 'csv')` reads back (lists joined with `|`, escaped). */
export function knowledgeRows(entries: readonly KnowledgeEntry[]): string[][] {
  return entries.map((e) => [e.id, joinListCell(e.questions), e.answer, joinListCell(e.tags ?? []), e.topic ?? '', e.attribute ?? '', e.group ?? '']);
}

/** Writes entries in a format `parseKnowledge` reads back unchanged. */
export function formatKnowledge(entries: readonly KnowledgeEntry[], format: KnowledgeFormat): string {
  if (format === 'jsonl') return entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : '');
  if (format === 'yaml') return stringify(entries.map((e) => ({ ...e })));
  return [[...KNOWLEDGE_COLUMNS], ...knowledgeRows(entries)].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const csvField = (value: string) => (/[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value);
