import { readFile } from 'node:fs/promises';
import { CoreError } from '../errors.ts';

/** One labelled query: `id` null means out of scope (the bot should not answer). */
export interface LabelledQuery {
  query: string;
  id: string | null;
}

/** Reads a JSONL file of `{"query", "id"}` lines, reporting bad lines by number. */
export async function readQueries(path: string): Promise<LabelledQuery[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CoreError('CORE_BAD_ARGUMENT', `cannot read queries "${path}"`, { cause: error });
  }
  const queries: LabelledQuery[] = [];
  const problems: { line: number; message: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      const value = JSON.parse(raw) as { query?: unknown; id?: unknown };
      if (typeof value.query !== 'string' || !(value.id === null || typeof value.id === 'string')) throw new Error('needs "query" (string) and "id" (string or null)');
      queries.push({ query: value.query, id: value.id });
    } catch (error) {
      problems.push({ line: i + 1, message: (error as Error).message });
    }
  });
  if (problems.length > 0) {
    throw new CoreError('CORE_BAD_ARGUMENT', `${path}: ${problems.length} bad line(s): ${problems.slice(0, 5).map((p) => `line ${p.line}: ${p.message}`).join('; ')}`, { problems });
  }
  return queries;
}
