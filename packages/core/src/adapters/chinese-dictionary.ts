import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let dictionary: Map<string, number> | undefined;

/**
 * The general Chinese dictionary shipped with nodejieba (≈350k words with corpus frequencies),
 * loaded once per process.
 */
export function chineseDictionary(): Map<string, number> {
  if (dictionary) return dictionary;
  const require = createRequire(import.meta.url);
  const path = join(dirname(require.resolve('nodejieba')), 'submodules/cppjieba/dict/jieba.dict.utf8');
  dictionary = new Map();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const [word, freq] = line.split(' ');
    if (word && freq) dictionary.set(word, Number(freq));
  }
  return dictionary;
}

/** Below this inverse document frequency a word of jieba's IDF list is everyday usage (老是 8.5, 不进 8.8; 发飘 12.5 is not). */
const EVERYDAY_IDF = 11;
let everyday: Set<string> | undefined;

/**
 * Everyday words from nodejieba's IDF list (≈259k words), which holds many the segmentation dictionary lacks
 * ("老是", "不进"): a window spelled as one of these is a word, not a typo.
 */
export function everydayChineseWords(): Set<string> {
  if (everyday) return everyday;
  const require = createRequire(import.meta.url);
  const path = join(dirname(require.resolve('nodejieba')), 'submodules/cppjieba/dict/idf.utf8');
  everyday = new Set();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const [word, idf] = line.split(' ');
    if (word && idf && Number(idf) <= EVERYDAY_IDF) everyday.add(word);
  }
  return everyday;
}
