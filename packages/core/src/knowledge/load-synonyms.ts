import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { CoreError } from '../errors.ts';
import { createSynonymRewriter, type SynonymGroups } from '../text/synonyms.ts';

/** Separators between the words of a line: commas (also full-width), 、, semicolons, |, tabs; spaces stay inside phrases. */
const SEPARATORS = /[,，、;；|\t]+/u;

/**
 * Reads a synonym table: `.txt` (one group per line, the kept word first: `固定, 锁定, 固定约课`; a `#` at
 * the start of a line or after a space starts a comment, so `C#` is a word) or `.json` (an array of arrays of strings). Checked here, so problems are reported by line.
 */
export async function loadSynonyms(path: string): Promise<SynonymGroups> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CoreError('CORE_SYNONYMS_INVALID', `cannot read the synonym table "${path}"`, { cause: error });
  }
  if (extname(path).toLowerCase() === '.json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new CoreError('CORE_SYNONYMS_INVALID', `the synonym table "${path}" is not valid JSON`, { cause: error });
    }
    if (!Array.isArray(value) || !value.every((g) => Array.isArray(g) && g.every((w) => typeof w === 'string'))) {
      throw new CoreError('CORE_SYNONYMS_INVALID', `the synonym table "${path}" must be an array of arrays of strings`);
    }
    createSynonymRewriter(value as string[][]);
    return value as string[][];
  }
  return parseSynonyms(text);
}

/**
 * A synonym table from its text: one group per line, the kept word first; `#` at the start of a line or
 * after a space starts a comment. Throws CORE_SYNONYMS_INVALID naming every bad line.
 *
 * @example parseSynonyms('退款, 退钱, 退费 # money back') // [['退款', '退钱', '退费']]
 */
export function parseSynonyms(text: string): SynonymGroups {
  const groups: string[][] = [];
  const lines: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    groups.push(line.split(SEPARATORS).map((w) => w.trim()).filter(Boolean));
    lines.push(i + 1);
  });
  createSynonymRewriter(groups, lines);
  return groups;
}

/** The table as text parseSynonyms reads back: one group per line. */
export function formatSynonyms(groups: SynonymGroups): string {
  return groups.map((group) => group.join(', ')).join('\n');
}
