import type { Segmenter } from '../ports/segmenter.ts';
import type { Stage } from '../pipeline/turn.ts';
import { isHanWord } from '../text/script.ts';

/** Complements visitors put after a verb ("交到", "寄回", "退掉") where the knowledge base has the verb alone ("怎么交作业"). */
const RESULT_COMPLEMENTS = new Set([...'到上完好给掉过回出进起住']);

/** What general Chinese says about a word, beyond what the knowledge base holds. */
export interface WordKinds {
  /** A frequent word of the language: one meaning, kept whole. */
  isCommonWord?: (word: string) => boolean;
  /** A function word ("不", "还", "最"): no verb to split off. */
  isFunctionWord?: (word: string) => boolean;
}

/**
 * A Chinese word no question holds, cut in two where one side (two characters or more) is a word the
 * questions hold: jieba keeps 英语水平 or 好几天 whole while the knowledge base says 英语 / 水平 or 几天.
 * A verb with a result complement splits off its verb when the questions hold that verb alone ("交到" -> 交 + 到).
 * A common word is one meaning and stays whole: 手续费 (a fee) is not 手 + 续费 (renewing).
 * The English side of the same idea is the corrector's compound split (todo -> to do).
 */
export function splitUnknownWord(word: string, isIndexed: (term: string) => boolean, { isCommonWord = () => false, isFunctionWord = () => false }: WordKinds = {}): string[] {
  if (!isHanWord(word) || isIndexed(word)) return [word];
  const chars = Array.from(word);
  // Not after a function word: 不过 ("but") is not 不 + 过.
  if (chars.length === 2 && RESULT_COMPLEMENTS.has(chars[1]!) && isIndexed(chars[0]!) && !isFunctionWord(chars[0]!)) return chars;
  if (isCommonWord(word)) return [word];
  let best: string[] = [word];
  let bestCovered = 0;
  for (let i = 1; i < chars.length; i++) {
    const parts = [chars.slice(0, i).join(''), chars.slice(i).join('')];
    const known = parts.filter((p) => isIndexed(p));
    const covered = known.reduce((n, p) => n + p.length, 0);
    if (known.some((p) => p.length >= 2) && covered > bestCovered) [best, bestCovered] = [parts, covered];
  }
  return best;
}

const COUNTED = /^\d+(\p{Script=Han}{1,2})$/u;

/**
 * A quantity no question holds, read as the question word for it that one does: visitors state the number
 * ("孩子3岁能学吗", "3天能到吗") where the knowledge base asks for it ("几岁可以上课", "一般几天到").
 */
export function askedQuantity(term: string, isIndexed: (term: string) => boolean): string {
  const unit = COUNTED.exec(term)?.[1];
  if (!unit || isIndexed(term)) return term;
  return [`几${unit}`, `多少${unit}`].find(isIndexed) ?? term;
}

/** What the segment stage asks of the index's terms. */
export interface IndexedTerms {
  has(term: string): boolean;
  /** Chinese terms one character longer that start with the word. */
  longerTerms?(word: string): readonly string[];
}

/** Longer words that stand for one no question holds: at most this many (more would be a guess). */
const MAX_LONGER_TERMS = 2;

/**
 * A Chinese word no question holds, read as the longer word the questions hold that starts with it: visitors
 * drop the head noun the knowledge base writes ("试听要收费吗" where its questions say 试听课, 小班 for 小班课).
 * Not a word with something put in front (听课 is no 试听课: that narrows it), nor a function word (没有 is no 有没有).
 */
export function longerTermFor(word: string, terms: IndexedTerms, { isFunctionWord = () => false }: WordKinds = {}): string[] {
  if (!isHanWord(word) || terms.has(word) || !terms.longerTerms || isFunctionWord(word)) return [word];
  const longer = terms.longerTerms(word);
  return longer.length > 0 && longer.length <= MAX_LONGER_TERMS ? [...longer] : [word];
}

/**
 * Stage 3: split into index terms (jieba words, stemmed English); a Chinese word unknown to the index is cut
 * into known ones, or else read as a longer known word it shortens.
 */
export function createSegmentStage(segmenter: Segmenter, terms: IndexedTerms, isCommonWord?: (word: string) => boolean): Stage {
  const isIndexed = (term: string) => terms.has(term);
  const kinds: WordKinds = { ...(isCommonWord ? { isCommonWord } : {}), ...(segmenter.isStopWord ? { isFunctionWord: (word: string) => segmenter.isStopWord!(word) } : {}) };
  return {
    name: 'segment',
    run(turn) {
      const split: Record<string, string[]> = {};
      const tokens = segmenter.segment(turn.text).flatMap((token) => {
        const asked = askedQuantity(token, isIndexed);
        let parts = asked === token ? splitUnknownWord(token, isIndexed, kinds) : [asked];
        if (parts.length === 1 && parts[0] === token) parts = longerTermFor(token, terms, kinds);
        if (parts.length > 1 || parts[0] !== token) split[token] = parts;
        return parts;
      });
      return { turn: { ...turn, tokens }, detail: { tokens, ...(Object.keys(split).length > 0 ? { split } : {}) } };
    },
  };
}
