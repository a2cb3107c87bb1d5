import { LineCounter, isMap, isSeq, parseDocument, type Node } from 'yaml';
import type { ParseResult } from './raw-entry.ts';

/** Parses YAML: either a list of entries or a map with an `entries` list. */
export function parseYaml(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const result: ParseResult = { raws: [], problems: [] };
  for (const error of doc.errors) {
    const line = lineCounter.linePos(error.pos[0]).line;
    result.problems.push({ line, message: `not valid YAML (${error.message.split('\n')[0]})` });
  }
  if (doc.errors.length > 0) return result;

  let list: unknown = doc.contents;
  if (isMap(list)) list = list.get('entries', true);
  if (!isSeq(list)) {
    result.problems.push({ line: 1, message: 'expected a list of entries, or a map with an "entries" list' });
    return result;
  }
  for (const item of list.items) {
    const node = item as Node;
    const line = node.range ? lineCounter.linePos(node.range[0]).line : 1;
    result.raws.push({ line, value: node.toJSON() as unknown });
  }
  return result;
}
