import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** One of the dictionary files nodejieba ships (`jieba.dict.utf8`, `user.dict.utf8`, `idf.utf8`, …). */
export function readJiebaDictionary(file: string): string {
  return readFileSync(join(dirname(createRequire(import.meta.url).resolve('nodejieba')), 'submodules/cppjieba/dict', file), 'utf8');
}

/** The `word number …` lines of one of nodejieba's dictionary files (`jieba.dict.utf8`, `idf.utf8`). */
function jiebaDictionaryLines(file: string): [word: string, value: number][] {
  return readJiebaDictionary(file).split('\n').flatMap((line) => {
    const [word, value] = line.split(' ');
    return word && value ? [[word, Number(value)] as [string, number]] : [];
  });
}

let dictionary: Map<string, number> | undefined;

/**
 * The general Chinese dictionary shipped with nodejieba (≈350k words with corpus frequencies),
 * loaded once per process.
 */
export function chineseDictionary(): Map<string, number> {
  dictionary ??= new Map(jiebaDictionaryLines('jieba.dict.utf8'));
  return dictionary;
}

/** From this corpus frequency on, a word of jieba's dictionary is a common word (手续费 232, 交到 178; compounds such as 英语水平 or 手机号码 have 3). */
const COMMON_WORD_FREQUENCY = 100;

/** A common word of general Chinese: one meaning, not to be cut into parts a knowledge base happens to hold. */
export function isCommonChineseWord(word: string): boolean {
  return (chineseDictionary().get(word) ?? 0) >= COMMON_WORD_FREQUENCY;
}

/** Below this inverse document frequency a word of jieba's IDF list is everyday usage (老是 8.5, 不进 8.8; 发飘 12.5 is not). */
const EVERYDAY_IDF = 11;
let everyday: Set<string> | undefined;

/**
 * Everyday words from nodejieba's IDF list (≈259k words), which holds many the segmentation dictionary lacks
 * ("老是", "不进"): a window spelled as one of these is a word, not a typo.
 */
export function everydayChineseWords(): Set<string> {
  everyday ??= new Set(jiebaDictionaryLines('idf.utf8').filter(([, idf]) => idf <= EVERYDAY_IDF).map(([word]) => word));
  return everyday;
}

let stopWords: Set<string> | undefined;

/** nodejieba's stop-word list (≈1,500 Chinese and English function words: 要, 吗, 可以, the, how). */
export function jiebaStopWords(): Set<string> {
  stopWords ??= new Set(readJiebaDictionary('stop_words.utf8').split('\n').map((line) => line.trim()).filter(Boolean));
  return stopWords;
}
