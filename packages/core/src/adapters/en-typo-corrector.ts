import { createRequire } from 'node:module';
import type { Correction, TypoCorrector } from '../ports/typo-corrector.ts';
import { englishFrequencies } from './english-dictionary.ts';
import { englishWordList, isDictionaryWord } from './english-word-list.ts';

// natural's index module loads dotenv and much more; the distance module alone is enough.
const require = createRequire(import.meta.url);
const { DamerauLevenshteinDistance } = require('natural/lib/natural/distance/levenshtein_distance') as {
  DamerauLevenshteinDistance(source: string, target: string, options?: { restricted?: boolean }): number;
};

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** Words seen fewer times than this in the general corpus may still be typos of a KB word. */
const RARE_WORD_COUNT = 30;
/** Longer "words" are codes, URLs or noise, not typos. */
const MAX_WORD_LENGTH = 20;
const CACHE_LIMIT = 10_000;
/** Words this short are corrected only for a keyboard slip, shorter ones only for swapped letters. */
const SHORT_WORD = 4;
/** Keeps a pathological query (hundreds of odd words) fast: later words are left as they are. */
const MAX_WORDS_PER_QUERY = 40;
/** A knowledge-base word the corrector learns: Latin letters only, at least two. */
const LEARNABLE_WORD = /^[a-z]{2,}$/;

function edits1(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const [left, right] = [word.slice(0, i), word.slice(i)];
    if (right) out.add(left + right.slice(1));
    if (right.length > 1) out.add(left + right[1] + right[0] + right.slice(2));
    for (const c of LETTERS) {
      if (right) out.add(left + c + right.slice(1));
      out.add(left + c + right);
    }
  }
  out.delete(word);
  return out;
}

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const KEY_POSITION = new Map([...KEYBOARD_ROWS.entries()].flatMap(([row, keys]) => [...keys].map((key, column) => [key, [row, column + row * 0.5]] as const)));

/** Neighbouring keys on a QWERTY keyboard (rows are offset by half a key). */
function adjacentKeys(a: string, b: string): boolean {
  const [p, q] = [KEY_POSITION.get(a), KEY_POSITION.get(b)];
  return p !== undefined && q !== undefined && Math.abs(p[0] - q[0]) <= 1 && Math.abs(p[1] - q[1]) <= 1;
}

/**
 * A slip of the fingers: two neighbouring letters swapped, or (unless `swapsOnly`) one letter hit on the key
 * next to it.
 */
export function isKeyboardSlip(word: string, candidate: string, swapsOnly = false): boolean {
  if (word.length !== candidate.length) return false;
  const differ = [...word].flatMap((c, i) => (c === candidate[i] ? [] : [i]));
  if (differ.length === 1) return !swapsOnly && adjacentKeys(word[differ[0]!]!, candidate[differ[0]!]!);
  const [i, j] = differ;
  return differ.length === 2 && j === i! + 1 && word[i!] === candidate[j] && word[j] === candidate[i!];
}

function letterCounts(word: string): Int8Array {
  const counts = new Int8Array(26);
  for (let i = 0; i < word.length; i++) counts[word.charCodeAt(i) - 97]!++;
  return counts;
}

function letterCountDifference(a: Int8Array, b: Int8Array): number {
  let difference = 0;
  for (let i = 0; i < 26; i++) difference += Math.abs(a[i]! - b[i]!);
  return difference;
}

/**
 * English spelling corrector (adress→address, recieve→receive): a word unknown to the knowledge base, rare
 * in a 74k-word spoken-English frequency list and not in the Hunspell English dictionary (whose names and
 * brands keep "lisa", "costco" and "iphone" from becoming "list", "cost" and "phone") is replaced by the most
 * common knowledge-base word within edit distance 1, or 2 for words of six letters or more unless a
 * dictionary word is nearer ("subract" means "subtract", not the knowledge base's "subject"), the two
 * edits touch the first two letters, or they only add two letters at the end (appleby is not apple). Words of up to four letters, mostly codes and names, are fixed only for
 * a keyboard slip, three-letter ones only for swapped letters. Words outside the knowledge base are never
 * targets: they cannot improve matching, and brand names (paypal) must not become dictionary words (papal).
 * A compound no dictionary knows is written as the knowledge base writes it in two words (todo -> to do,
 * roundtrip -> round trip), even when the knowledge base also writes it joined: the split form is the usual one.
 */
export function createEnTypoCorrector(): TypoCorrector {
  const vocabulary = new Set<string>();
  // Word pair ("to do") -> how often the knowledge base's questions write it.
  const wordPairs = new Map<string, number>();
  const byLength = new Map<number, string[]>();
  const cache = new Map<string, string | undefined>();

  /** The most common knowledge-base word among the candidates: only KB words help matching. */
  function best(candidates: Iterable<string>): string | undefined {
    let top: string | undefined;
    let topScore = -1;
    for (const c of candidates) {
      if (!vocabulary.has(c)) continue;
      const s = englishFrequencies().get(c) ?? 0;
      if (s > topScore) [top, topScore] = [c, s];
    }
    return top;
  }

  /**
   * Knowledge-base words exactly two edits away (transpositions count as one) that begin with the same two
   * letters, found with natural: two edits that also change the start make another word (febreeze -> freeze).
   */
  function twoEditsAway(word: string): string[] {
    const out: string[] = [];
    const letters = letterCounts(word);
    const start = word.slice(0, 2);
    for (let length = word.length - 2; length <= word.length + 2; length++) {
      for (const candidate of byLength.get(length) ?? []) {
        // Two edits change at most four letter counts by one each: skip the rest before the costly distance.
        if (!candidate.startsWith(start) || letterCountDifference(letters, letterCounts(candidate)) > 4) continue;
        if (DamerauLevenshteinDistance(word, candidate, { restricted: true }) === 2) out.push(candidate);
      }
    }
    return out;
  }

  /** "todo" -> "to do" when no dictionary knows "todo" and the knowledge base writes "to do" (the most often written split). */
  function splitCompound(word: string): string | undefined {
    if (word.length < 4 || isDictionaryWord(word) || englishFrequencies().has(word)) return undefined;
    let top: string | undefined;
    let topCount = 0;
    for (let i = 2; i <= word.length - 2; i++) {
      const pair = `${word.slice(0, i)} ${word.slice(i)}`;
      const count = wordPairs.get(pair) ?? 0;
      if (count > topCount) [top, topCount] = [pair, count];
    }
    return top;
  }

  function correctWord(word: string): string | undefined {
    if (word.length > MAX_WORD_LENGTH) return undefined;
    const split = splitCompound(word);
    if (split) return split;
    if (word.length < 3 || vocabulary.has(word)) return undefined;
    const known = englishFrequencies().get(word) ?? 0;
    if (known >= RARE_WORD_COUNT || isDictionaryWord(word)) return undefined;
    const oneEdit = edits1(word);
    // Short unknown words are mostly codes and names (usd, citi, pho): a four-letter one is fixed only for a
    // keyboard slip (kniw, trll), a three-letter one only for swapped letters (teh).
    const target = best(word.length > SHORT_WORD ? oneEdit : [...oneEdit].filter((c) => isKeyboardSlip(word, c, word.length < SHORT_WORD)));
    if (target || known > 0 || word.length < 6) return target;
    for (const near of oneEdit) if (isDictionaryWord(near)) return undefined;
    // Two letters past a knowledge-base word is a name or a derived word (appleby, not apple), not a slip.
    return best(twoEditsAway(word).filter((candidate) => !word.startsWith(candidate)));
  }

  function cachedCorrection(word: string): string | undefined {
    if (cache.has(word)) return cache.get(word);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    const target = correctWord(word);
    cache.set(word, target);
    return target;
  }

  return {
    learn(words) {
      // Loaded once here so the first visitor's question does not pay for them.
      englishFrequencies();
      englishWordList();
      for (const word of words) {
        if (!LEARNABLE_WORD.test(word) || vocabulary.has(word)) continue;
        vocabulary.add(word);
        let bucket = byLength.get(word.length);
        if (!bucket) byLength.set(word.length, (bucket = []));
        bucket.push(word);
      }
      cache.clear();
    },
    learnPhrases(texts) {
      for (const text of texts) {
        const words = text.split(' ');
        for (let i = 1; i < words.length; i++) {
          if (!LEARNABLE_WORD.test(words[i - 1]!) || !LEARNABLE_WORD.test(words[i]!)) continue;
          const pair = `${words[i - 1]} ${words[i]}`;
          wordPairs.set(pair, (wordPairs.get(pair) ?? 0) + 1);
        }
      }
      cache.clear();
    },
    correct(text) {
      const corrections: Correction[] = [];
      let checked = 0;
      const corrected = text.replace(/[a-z]+/g, (word) => {
        if (++checked > MAX_WORDS_PER_QUERY) return word;
        const target = cachedCorrection(word);
        if (!target) return word;
        corrections.push({ from: word, to: target });
        return target;
      });
      return { text: corrected, corrections };
    },
  };
}
