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
