import type { ParseResult } from './raw-entry.ts';

/** Parses JSON Lines: one entry object per line; blank lines and lines starting with // are ignored. */
export function parseJsonl(text: string): ParseResult {
  const result: ParseResult = { raws: [], problems: [] };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('//')) return;
    try {
      result.raws.push({ line, value: JSON.parse(trimmed) as unknown });
    } catch (error) {
      result.problems.push({ line, message: `not valid JSON (${(error as Error).message})` });
    }
  });
  return result;
}
