import { pinyin } from 'pinyin-pro';

const cache = new Map<string, string[]>();

/** Toneless pinyin syllables of a Han string, one per character. */
export function syllablesOf(word: string): string[] {
  let syllables = cache.get(word);
  if (!syllables) {
    syllables = pinyin(word, { toneType: 'none', type: 'array', v: true });
    if (cache.size > 100_000) cache.clear();
    cache.set(word, syllables);
  }
  return syllables;
}

/** Merges sounds commonly confused in input (zh/z, ch/c, sh/s, n/l, -ng/-n). */
export function fuzzySyllable(syllable: string): string {
  return syllable
    .replace(/^zh/, 'z')
    .replace(/^ch/, 'c')
    .replace(/^sh/, 's')
    .replace(/^n(?=[aeiouv])/, 'l')
    .replace(/^h(?=u)/, 'f')
    .replace(/ng$/, 'n');
}

export function exactKey(word: string): string {
  return syllablesOf(word).join(' ');
}

export function fuzzyKey(word: string): string {
  return syllablesOf(word).map(fuzzySyllable).join(' ');
}
