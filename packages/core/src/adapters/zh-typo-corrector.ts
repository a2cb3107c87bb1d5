import type { Correction, TypoCorrector } from '../ports/typo-corrector.ts';
import { isGrammarCharacter } from '../text/grammar-characters.ts';
import { isHan } from '../text/script.ts';
import { characterParts, looksAlike } from './character-shapes.ts';
import { chineseDictionary, everydayChineseWords } from './chinese-dictionary.ts';
import { createJiebaCutter, type JiebaCutter } from './jieba-cutter.ts';
import { exactKey, fuzzyKey } from './pinyin-key.ts';

/** A word this common in the general dictionary is taken as written, never "corrected". */
const COMMON_WORD_FREQUENCY = 50;
/** General-dictionary words this common may be correction targets when the KB has none. */
const GENERAL_TARGET_FREQUENCY = 2000;
const WINDOW_SIZES = [4, 3, 2] as const;

type SoundIndex = Map<string, Set<string>>;

function addTo(index: SoundIndex, key: string, word: string): void {
  let words = index.get(key);
  if (!words) index.set(key, (words = new Set()));
  words.add(word);
}

function sharedPositions(a: string, b: string): number {
  let shared = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) shared++;
  return shared;
}

let generalIndex: SoundIndex | undefined;
function generalSoundIndex(): SoundIndex {
  if (generalIndex) return generalIndex;
  generalIndex = new Map();
  for (const [word, freq] of chineseDictionary()) {
    if (freq >= GENERAL_TARGET_FREQUENCY && word.length >= 2 && word.length <= 4 && Array.from(word).every(isHan)) {
      addTo(generalIndex, exactKey(word), word);
    }
  }
  return generalIndex;
}

/** Character spans of multi-character words jieba recognises: a correction may not cut through one. */
function protectedSpans(chunk: string, vocabulary: Set<string>, cutter: Pick<JiebaCutter, 'cut'>): [number, number][] {
  const dictionary = chineseDictionary();
  const spans: [number, number][] = [];
  let offset = 0;
  for (const token of cutter.cut(chunk)) {
    const length = token.length;
    if (length >= 2 && (dictionary.has(token) || vocabulary.has(token))) spans.push([offset, offset + length]);
    offset += length;
  }
  return spans;
}

function cutsThrough(spans: [number, number][], start: number, end: number): boolean {
  return spans.some(([s, e]) => s < end && e > start && (s < start || e > end));
}

/** In two characters a grammar character is far more likely meant than a typo for the knowledge base's homophone. */
function replacesGrammarCharacter(window: string, target: string): boolean {
  return Array.from(window).some((char, i) => char !== target[i] && isGrammarCharacter(char));
}

/** The word with one character left out, for finding words that differ from a window in that one place. */
function withGap(chars: readonly string[], at: number): string {
  return `${chars.slice(0, at).join('')}_${chars.slice(at + 1).join('')}`;
}

/**
 * Chinese homophone / near-sound typo corrector (支付保→支付宝, 快第→快递, 预月→预约, 账护→账户) and near-form
 * (形近字: 优惠卷→优惠券). A window of 2–4 characters is replaced by a knowledge-base word with the same (or
 * fuzzily the same) pinyin that shares its other characters; failing that, a window of 3–4 characters by the
 * one knowledge-base word that differs from it in one character written alike. Known words
 * — the KB's, or common dictionary words — are never replaced, and a window may not cut through a word jieba
 * recognises (cut by the bot's own cutter, which knows its knowledge base's words).
 */
export function createZhTypoCorrector(cutter: Pick<JiebaCutter, 'cut'> = createJiebaCutter()): TypoCorrector {
  const vocabulary = new Set<string>();
  const exact: SoundIndex = new Map();
  const fuzzy: SoundIndex = new Map();
  /** Knowledge-base words of 3–4 characters by each of their one-gap forms (优惠_ -> 优惠券). */
  const gapped: SoundIndex = new Map();

  function alikeTarget(window: string): string | undefined {
    const chars = Array.from(window);
    for (let at = 0; at < chars.length; at++) {
      const alike = [...(gapped.get(withGap(chars, at)) ?? [])].filter((word) => looksAlike(chars[at]!, Array.from(word)[at]!));
      if (alike.length === 1) return alike[0]; // two candidates: no telling which was meant
    }
    return undefined;
  }

  function bestTarget(window: string, index: SoundIndex, key: string): string | undefined {
    const needed = window.length === 2 ? 1 : window.length - 1;
    let best: string | undefined;
    let bestShared = 0;
    for (const word of index.get(key) ?? []) {
      if (word === window || word.length !== window.length) continue;
      const shared = sharedPositions(window, word);
      if (shared >= needed && shared > bestShared) [best, bestShared] = [word, shared];
    }
    return best;
  }

  /**
   * Two characters are thin evidence ("课能" is 课 + 能, not a misspelt 可能; "完课" not 网课): a two-character
   * window is corrected only to a knowledge-base word of exactly its sound; longer windows may also take
   * near sounds and, failing those, a general-dictionary word.
   */
  function targetFor(window: string): string | undefined {
    const dictionaryFrequency = chineseDictionary().get(window) ?? 0;
    if (dictionaryFrequency >= COMMON_WORD_FREQUENCY || everydayChineseWords().has(window)) return undefined;
    const exactTarget = bestTarget(window, exact, exactKey(window));
    if (window.length === 2) return exactTarget && !replacesGrammarCharacter(window, exactTarget) ? exactTarget : undefined;
    return (
      exactTarget ??
      bestTarget(window, fuzzy, fuzzyKey(window)) ??
      (dictionaryFrequency === 0 ? bestTarget(window, generalSoundIndex(), exactKey(window)) : undefined) ??
      alikeTarget(window)
    );
  }

  function correctChunk(chunk: string, corrections: Correction[]): string {
    const chars = Array.from(chunk);
    if (chars.length !== chunk.length) return chunk; // astral characters: leave untouched
    const spans = protectedSpans(chunk, vocabulary, cutter);
    let out = '';
    let i = 0;
    while (i < chars.length) {
      let advanced = false;
      for (const size of WINDOW_SIZES) {
        if (i + size > chars.length) continue;
        const window = chunk.slice(i, i + size);
        if (!chars.slice(i, i + size).every(isHan)) continue;
        if (vocabulary.has(window)) {
          out += window;
          i += size;
          advanced = true;
          break;
        }
        if (cutsThrough(spans, i, i + size)) continue;
        const target = targetFor(window);
        if (target) {
          corrections.push({ from: window, to: target });
          out += target;
          i += size;
          advanced = true;
          break;
        }
      }
      if (!advanced) out += chars[i++];
    }
    return out;
  }

  return {
    learn(words) {
      generalSoundIndex(); // built once here so the first visitor's question does not pay for it
      everydayChineseWords();
      characterParts();
      for (const word of words) {
        if (word.length < 2 || word.length > 4 || vocabulary.has(word) || !Array.from(word).every(isHan)) continue;
        vocabulary.add(word);
        addTo(exact, exactKey(word), word);
        addTo(fuzzy, fuzzyKey(word), word);
        const chars = Array.from(word);
        if (chars.length >= 3) chars.forEach((_, at) => addTo(gapped, withGap(chars, at), word));
      }
    },
    correct(text) {
      const corrections: Correction[] = [];
      const corrected = text
        .split(' ')
        .map((chunk) => (/[\u3400-\u9fff]/u.test(chunk) ? correctChunk(chunk, corrections) : chunk))
        .join(' ');
      return { text: corrected, corrections };
    },
  };
}
