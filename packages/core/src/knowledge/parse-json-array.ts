import type { ParseResult } from './raw-entry.ts';

/** True when the text is a JSON array (a `.json` knowledge file) rather than JSON Lines, which cannot start with `[`. */
export function isJsonArray(text: string): boolean {
  return /^\uFEFF?\s*\[/.test(text);
}

/**
 * Parses a JSON array of entries (`[{"id": …}, …]`), each reported by the line its element starts on; invalid
 * JSON is one problem at the line where parsing stopped.
 *
 * @example
 * parseJsonArray('[\n{"id":"refund","questions":["怎么退款"],"answer":"…"}\n]').raws[0]; // { line: 2, value: {…} }
 */
export function parseJsonArray(text: string): ParseResult {
  const body = text.replace(/^\uFEFF/, '');
  let list: unknown[];
  try {
    list = JSON.parse(body) as unknown[];
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message)?.[1];
    const position = at !== undefined ? Number(at) : /end of JSON input/.test(message) ? body.trimEnd().length : 0;
    return { raws: [], problems: [{ line: lineAt(body, position), message: `not valid JSON (${message})` }] };
  }
  const starts = elementStarts(body);
  return { raws: list.map((value, i) => ({ line: lineAt(body, starts[i] ?? 0), value })), problems: [] };
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/** Where each element of the top-level array begins: the first non-blank after `[` or a `,` at depth 1, outside strings. */
function elementStarts(text: string): number[] {
  const starts: number[] = [];
  let depth = 0;
  let inString = false;
  let expecting = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (expecting && !/\s/.test(c)) {
      if (c !== ']') starts.push(i);
      expecting = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expecting = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expecting = true;
  }
  return starts;
}
