import { createRequire } from 'node:module';

// natural's index module loads every storage backend (and dotenv, which edits process.env); load just the stemmer.
const require = createRequire(import.meta.url);
const porter = require('natural/lib/natural/stemmers/porter_stemmer') as { stem(word: string): string };

const cache = new Map<string, string>();

/** Porter stem of an English word (memoised). */
export function stemEnglish(word: string): string {
  let stem = cache.get(word);
  if (stem === undefined) {
    stem = /^[a-z]+$/.test(word) ? porter.stem(word) : word;
    if (cache.size > 50_000) cache.clear();
    cache.set(word, stem);
  }
  return stem;
}
