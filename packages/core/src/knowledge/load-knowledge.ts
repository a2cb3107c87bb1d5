import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { CoreError, type KnowledgeProblem } from '../errors.ts';
import type { KnowledgeEntry } from '../types.ts';
import { decodeUtf8 } from './not-utf8-lines.ts';
import { parseCsv } from './parse-csv.ts';
import { isJsonArray, parseJsonArray } from './parse-json-array.ts';
import { parseJsonl } from './parse-jsonl.ts';
import { parseYaml } from './parse-yaml.ts';
import type { ParseResult } from './raw-entry.ts';
import { validateEntry } from './validate-entry.ts';

export type KnowledgeFormat = 'jsonl' | 'yaml' | 'csv';

export interface LoadedKnowledge {
  entries: KnowledgeEntry[];
  /** Problems found; non-empty only in lenient mode (otherwise loading throws). */
  problems: KnowledgeProblem[];
}

// JSON Lines cannot start with "[": such a text (a .json file) is read as a JSON array of entries.
const PARSERS: Record<KnowledgeFormat, (text: string) => ParseResult> = { jsonl: (text) => (isJsonArray(text) ? parseJsonArray(text) : parseJsonl(text)), yaml: parseYaml, csv: parseCsv };

/** Picks the format from a file name. */
export function formatOf(path: string): KnowledgeFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.csv') return 'csv';
  return undefined;
}

/**
 * Parses and validates knowledge-base text. Bad rows are reported by line; unless `lenient`,
 * any problem throws CORE_KB_INVALID listing them all.
 *
 * @example
 * const { entries } = parseKnowledge('{"id":"refund","questions":["怎么退款"],"answer":"..."}', 'jsonl');
 */
export function parseKnowledge(text: string, format: KnowledgeFormat, options: { lenient?: boolean; source?: string } = {}): LoadedKnowledge {
  const parsed = PARSERS[format](text);
  const problems: KnowledgeProblem[] = [...parsed.problems];
  const entries: KnowledgeEntry[] = [];
  const firstLineOfId = new Map<string, number>();
  for (const raw of parsed.raws) {
    const checked = validateEntry(raw.value);
    if ('errors' in checked) {
      problems.push(...checked.errors.map((message) => ({ line: raw.line, message })));
      continue;
    }
    const seenOn = firstLineOfId.get(checked.entry.id);
    if (seenOn !== undefined) {
      problems.push({ line: raw.line, message: `duplicate id "${checked.entry.id}" (first on line ${seenOn})` });
      continue;
    }
    firstLineOfId.set(checked.entry.id, raw.line);
    entries.push(checked.entry);
  }
  problems.sort((a, b) => a.line - b.line);
  if (problems.length > 0 && !options.lenient) throw invalidKnowledge(`${options.source ?? 'knowledge base'} has ${problems.length} problem(s)`, problems, '(load it with lenient mode to skip bad rows)');
  return { entries, problems };
}

/** CORE_KB_INVALID listing the first 20 problems by line. */
function invalidKnowledge(summary: string, problems: KnowledgeProblem[], advice?: string): CoreError {
  const list = problems.slice(0, 20).map((p) => `  line ${p.line}: ${p.message}`).join('\n');
  const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : '';
  return new CoreError('CORE_KB_INVALID', `${summary}:\n${list}${more}${advice ? `\n${advice}` : ''}`, { problems });
}

/** Reads a knowledge base from a .jsonl/.ndjson, .json (JSON Lines or an array), .yaml/.yml or .csv file; CORE_KB_INVALID when it yields no entry, even in lenient mode. */
export async function loadKnowledge(path: string, options: { lenient?: boolean } = {}): Promise<LoadedKnowledge> {
  const format = formatOf(path);
  if (!format) throw new CoreError('CORE_KB_UNSUPPORTED_FORMAT', `cannot tell the format of "${path}": use .jsonl or .ndjson (JSON Lines), .json (JSON Lines or a JSON array of entries), .yaml, .yml or .csv`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CoreError('CORE_KB_NOT_FOUND', `cannot read knowledge base "${path}"`, { cause: error });
  }
  // Not even lenient mode loads a file in another encoding (a CSV Excel saved as GBK): every question would be garbled.
  const decoded = decodeUtf8(bytes);
  if ('problems' in decoded) throw invalidKnowledge(`${path} is not UTF-8 text (another encoding, such as GBK)`, decoded.problems);
  const { text } = decoded;
  const loaded = parseKnowledge(text, format, { ...options, source: path });
  // A bot with nothing to answer from is never built silently, whatever lenient mode skipped.
  if (loaded.entries.length === 0) {
    if (loaded.problems.length === 0) throw new CoreError('CORE_KB_INVALID', `${path} holds no entries`);
    throw invalidKnowledge(`${path} has no entry lenient mode could load; ${loaded.problems.length} problem(s)`, loaded.problems, '(fix them: lenient mode skips bad rows, but none were good)');
  }
  return loaded;
}
