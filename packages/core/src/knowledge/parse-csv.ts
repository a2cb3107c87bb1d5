import { parse } from 'csv-parse/sync';
import { splitListCell } from './list-cell.ts';
import type { ParseResult } from './raw-entry.ts';

const LINE_BREAK = /\r\n|\n|\r/g;

/**
 * Parses CSV with a header row holding `id`, `question` (or `questions`, several separated by `|` or line
 * breaks, `\|` for a `|` inside one: see list-cell.ts) and `answer`, optionally `tags` (separated by `|`),
 * `topic`, `attribute`, `group`. A record is reported by the line it starts on; rows with every cell empty are skipped.
 * Rows sharing an id add questions to one entry (their answers must agree or be empty). A quote never closed is a
 * problem of the line it opens on; the rows before it are read.
 */
export function parseCsv(text: string): ParseResult {
  const result: ParseResult = { raws: [], problems: [] };
  const options = { bom: true, skip_empty_lines: true, relax_column_count: true, raw: true, trim: true };
  let rows: { record: string[]; raw: string }[];
  // A quote never closed swallows the rest of the file: the rows before it are good, the record it opens is the problem.
  let unclosed: string | undefined;
  try {
    rows = parse(text, options) as unknown as typeof rows;
  } catch (error) {
    if ((error as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED') {
      rows = parse(text, { ...options, skip_records_with_error: true, on_skip: (_error, raw) => void (unclosed ??= raw ?? '') }) as unknown as typeof rows;
    } else {
      const line = (error as { lines?: number }).lines ?? 1;
      result.problems.push({ line, message: `not valid CSV (${(error as Error).message})` });
      return result;
    }
  }
  // Each record's raw text starts with the empty lines skipped before it and ends with its line break.
  let nextLine = 1;
  const numbered = rows.map(({ record, raw }) => {
    const line = nextLine + (raw.match(/^[\r\n]*/)![0].match(LINE_BREAK)?.length ?? 0);
    nextLine += raw.match(LINE_BREAK)?.length ?? 0;
    return { line, cells: record };
  }).filter(({ cells }) => cells.some((cell) => cell !== '')); // a row Excel saves as ",,", or spaces only: not an entry
  if (unclosed !== undefined) {
    const line = nextLine + (unclosed.match(/^[\r\n]*/)![0].match(LINE_BREAK)?.length ?? 0);
    const lines = (unclosed.trim().match(LINE_BREAK)?.length ?? 0) + 1;
    result.problems.push({ line, message: `a quote opened on this line is never closed, so the rest of the file (${lines} line${lines > 1 ? 's' : ''}) was read into one cell: close it (a quote inside a quoted cell is written "")` });
  }
  const header = numbered[0]?.cells.map((h) => h.trim().toLowerCase()) ?? [];
  if (numbered.length > 0 && (!header.includes('id') || !header.includes('answer') || !(header.includes('question') || header.includes('questions')))) {
    result.problems.push({ line: numbered[0]!.line, message: 'the header must name the columns id, question (or questions) and answer' });
    return result;
  }
  const records = numbered.slice(1).map(({ line, cells }) => ({ line, record: Object.fromEntries(header.map((h, i) => [h, cells[i]])) as Record<string, string | undefined> }));
  const byId = new Map<string, { line: number; value: Record<string, unknown> }>();
  for (const { record, line } of records) {
    const questions = splitListCell(record.questions ?? record.question ?? '', { splitLines: true });
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
    if (record.tags) value.tags = splitListCell(record.tags);
    if (record.topic) value.topic = record.topic;
    if (record.attribute) value.attribute = record.attribute;
    if (record.group) value.group = record.group;
    const raw = { line, value };
    if (id) byId.set(id, raw);
    result.raws.push(raw);
  }
  return result;
}
