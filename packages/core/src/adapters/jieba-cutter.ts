import jieba from 'nodejieba';
import { jiebaWordWeights, type JiebaWordWeights } from './jieba-word-weights.ts';

/** jieba's cut (with its HMM guesses) that also knows one bot's own words. */
export interface JiebaCutter {
  cut(text: string): string[];
  /** Words to keep whole from now on, as nodejieba's `insertWord` would (at its default weight). */
  addWords(words: Iterable<string>): void;
  /** A word given to `addWords`. */
  has(word: string): boolean;
}

/** cppjieba's separators: a cut never crosses one, and each is a word of its own. */
const SEPARATORS = new Set([' ', '\t', '\n', '，', '。']);

/** Where the text has none of the bot's words, nodejieba's own cut is the answer. */
function holdsAny(chars: readonly string[], words: ReadonlySet<string>, longest: number): boolean {
  for (let i = 0; i < chars.length; i++) {
    let span = '';
    for (let j = i; j < chars.length && j - i < longest; j++) {
      span += chars[j];
      if (words.has(span)) return true;
    }
  }
  return false;
}

/**
 * The most probable cut of a separator-free range (cppjieba's MPSegment: a word graph over the characters, the
 * path of greatest summed weight); a character no word covers scores the dictionary's minimum weight.
 */
function mostProbableCut(chars: readonly string[], weightOf: (word: string) => number | undefined, dictionary: JiebaWordWeights, longest: number): string[] {
  const n = chars.length;
  const best = new Float64Array(n);
  const length = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    best[i] = -Infinity;
    let word = '';
    for (let j = i; j < n && j - i < longest; j++) {
      word += chars[j];
      const weight = weightOf(word);
      // A single character counts even when no word; a longer span only when it is a word.
      if (weight === undefined && j > i) continue;
      const value = (j + 1 < n ? best[j + 1]! : 0) + (weight ?? dictionary.minWeight);
      // Strictly greater: on a tie the shorter word, as cppjieba keeps the first it tried.
      if (value > best[i]!) {
        best[i] = value;
        length[i] = j - i + 1;
      }
    }
  }
  const words: string[] = [];
  for (let i = 0; i < n; i += length[i]!) words.push(chars.slice(i, i + length[i]!).join(''));
  return words;
}

/**
 * A cut like nodejieba's `cut(text, true)` after `insertWord` of each of the bot's words, but with the bot's
 * words kept here: nodejieba's dictionary is one per process, so words inserted there by one bot would change
 * how every other bot in the process cuts (and would outlive the entries they came from). Where the text holds
 * none of the bot's words this is nodejieba's cut itself; otherwise the same word graph is ranked here, over
 * nodejieba's dictionary weights and the bot's words, and the runs of single characters it leaves go to
 * nodejieba's HMM as cppjieba's MixSegment sends them.
 */
export function createJiebaCutter(): JiebaCutter {
  // nodejieba reads its dictionaries on first use (about 2 s): do it now, not on a visitor's first question.
  jieba.cut('预热', true);
  const dictionary = jiebaWordWeights();
  const own = new Set<string>();
  let longestOwn = 0;
  const weightOf = (word: string) => (own.has(word) ? dictionary.userWordWeight : dictionary.weight(word));

  function cutRange(chars: string[]): string[] {
    const out: string[] = [];
    let run = '';
    const flush = () => {
      if (run) out.push(...jieba.cutHMM(run));
      run = '';
    };
    for (const word of mostProbableCut(chars, weightOf, dictionary, Math.max(dictionary.maxWordLength, longestOwn))) {
      // A lone character the graph left is a guess for the HMM, together with its neighbours.
      if (Array.from(word).length === 1) run += word;
      else {
        flush();
        out.push(word);
      }
    }
    flush();
    return out;
  }

  return {
    cut(text) {
      const chars = Array.from(text);
      if (!holdsAny(chars, own, longestOwn)) return jieba.cut(text, true);
      const out: string[] = [];
      let range: string[] = [];
      for (const char of chars) {
        if (!SEPARATORS.has(char)) {
          range.push(char);
          continue;
        }
        if (range.length) out.push(...cutRange(range));
        out.push(char);
        range = [];
      }
      if (range.length) out.push(...cutRange(range));
      return out;
    },
    addWords(words) {
      for (const word of words) {
        if (own.has(word)) continue;
        own.add(word);
        longestOwn = Math.max(longestOwn, Array.from(word).length);
      }
    },
    has: (word) => own.has(word),
  };
}
