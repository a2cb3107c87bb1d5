import { parse } from 'csv-parse/sync';
import type { ParseResult } from './raw-entry.ts';

const QUESTION_SEPARATOR = /\s*(?:\||\n)\s*/u;

/**
 * Parses CSV with a header row holding `id`, `question` (or `questions`, several separated by `|`)
 * and `answer`, optionally `tags` (separated by `|`), `topic`, `attribute`, `group`.
 * Rows sharing an id add questions to one entry (their answers must agree or be empty).
 */
export function parseCsv(text: string): ParseResult {
  const result: ParseResult = { raws: [], problems: [] };
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    result.problems.push({ line, message: `not valid CSV (${(error as Error).message})` });
    return result;
  }
  const first = records[0]?.record;
  if (first && (!('id' in first) || !('answer' in first) || !('question' in first || 'questions' in first))) {
    result.problems.push({ line: 1, message: 'the header must name the columns id, question (or questions) and answer' });
    return result;
  }
  const byId = new Map<string, { line: number; value: Record<string, unknown> }>();
  for (const { record, info } of records) {
    const line = info.lines;
    const questions = (record.questions ?? record.question ?? '').split(QUESTION_SEPARATOR).filter(Boolean);
    const id = record.id ?? '';
    const existing = id ? byId.get(id) : undefined;
    if (existing) {
      const value = existing.value as { questions: string[]; answer: string };
      if (record.answer && value.answer && record.answer !== value.answer) {
        result.problems.push({ line, message: `id "${id}" repeats with a different answer (first seen on line ${existing.line})` });
        continue;
      }
      value.questions.push(...questions);
      value.answer ||= record.answer ?? '';
      continue;
    }
    const value: Record<string, unknown> = { id, questions, answer: record.answer ?? '' };
    if (record.tags) value.tags = record.tags.split('|').map((t) => t.trim()).filter(Boolean);
    if (record.topic) value.topic = record.topic;
    if (record.attribute) value.attribute = record.attribute;
    if (record.group) value.group = record.group;
    const raw = { line, value };
    if (id) byId.set(id, raw);
    result.raws.push(raw);
  }
  return result;
}
