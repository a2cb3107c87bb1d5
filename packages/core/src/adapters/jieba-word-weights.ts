import { chineseDictionary, readJiebaDictionary } from './chinese-dictionary.ts';

/** The word weights nodejieba's segmenter (cppjieba's DictTrie) ranks cuts by: log(frequency / total frequency). */
export interface JiebaWordWeights {
  /** The weight of a word of the dictionary (or of its user dictionary), undefined for any other text. */
  weight(word: string): number | undefined;
  /** Scored for a character no word covers. */
  readonly minWeight: number;
  /** Given to a user word without a frequency (what `insertWord` does). */
  readonly userWordWeight: number;
  /** The longest word, in characters (code points). */
  readonly maxWordLength: number;
}

let loaded: JiebaWordWeights | undefined;

/**
 * The weights as cppjieba computes them from the files nodejieba loads by default (`jieba.dict.utf8`, then
 * `user.dict.utf8`), in the same order and arithmetic, so a cut computed from them is the cut nodejieba makes.
 * Loaded once per process.
 */
export function jiebaWordWeights(): JiebaWordWeights {
  if (loaded) return loaded;
  // The dictionary has no word twice, so the map holds every line, in the file's order (the order of the sum).
  const frequencies = chineseDictionary();
  let total = 0;
  for (const frequency of frequencies.values()) total += frequency;
  // Weights are ordered as frequencies are: the median weight is the median frequency's.
  const sorted = [...frequencies.values()].sort((a, b) => a - b);
  const minWeight = Math.log(sorted[0]! / total);
  const userWordWeight = Math.log(sorted[sorted.length >> 1]! / total);
  // A user dictionary line is `word`, `word tag` or `word frequency tag`.
  const userWords = new Map<string, number>();
  for (const line of readJiebaDictionary('user.dict.utf8').split('\n')) {
    const parts = line.split(' ');
    if (parts[0]) userWords.set(parts[0], parts.length === 3 ? Math.log(Number.parseInt(parts[1]!, 10) / total) : userWordWeight);
  }
  const weight = (word: string): number | undefined => {
    const user = userWords.get(word);
    if (user !== undefined) return user;
    const frequency = frequencies.get(word);
    return frequency === undefined ? undefined : Math.log(frequency / total);
  };
  let maxWordLength = 0;
  for (const words of [frequencies.keys(), userWords.keys()]) for (const word of words) maxWordLength = Math.max(maxWordLength, Array.from(word).length);
  loaded = { weight, minWeight, userWordWeight, maxWordLength };
  return loaded;
}
