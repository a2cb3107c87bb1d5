import type { Correction, TypoCorrector } from '../ports/typo-corrector.ts';
import { isHan } from '../text/script.ts';
import { chineseDictionary } from './chinese-dictionary.ts';

/** What a speaker puts inside a separable word (离合词): 请个假, 报了名, 上过课, 开一个发票. Longest first. */
const INSERTS = ['了一个', '了个', '一个', '个', '了', '过'];
/** Numbers and pointing words before 个 count things ("一个月", "这个课"); they never start a separable word. */
const COUNTING = new Set(Array.from('一二两三四五六七八九十百几半这那哪每各某整'));

/**
 * Rejoins a separable word the knowledge base writes whole: "怎么请个假" becomes "怎么请假" when an entry says
 * 请假, so its words match (jieba reads 请个 as a word). Only words of two or three characters that the knowledge
 * base uses and the general dictionary holds are rejoined (not 课能, a cut jieba made in some question), so
 * everyday text is left as written.
 */
export function createSeparableWordJoiner(): TypoCorrector {
  const words = new Set<string>();
  const dictionary = chineseDictionary();

  function joinAt(chars: readonly string[], at: number): { insert: string; word: string } | undefined {
    const head = chars[at]!;
    if (!isHan(head) || COUNTING.has(head)) return undefined;
    for (const insert of INSERTS) {
      if (chars.slice(at + 1, at + 1 + insert.length).join('') !== insert) continue;
      const rest = at + 1 + insert.length;
      // The inserted character may begin a word of its own instead (个人, 了解, 过程): "申请个人发票" is no 请人.
      if (dictionary.has(insert.slice(-1) + (chars[rest] ?? ''))) return undefined;
      for (const tailLength of [2, 1]) {
        const tail = chars.slice(rest, rest + tailLength);
        if (tail.length === tailLength && tail.every(isHan) && words.has(head + tail.join(''))) return { insert, word: head + tail.join('') };
      }
    }
    return undefined;
  }

  return {
    learn(learned) {
      for (const word of learned) {
        const chars = Array.from(word);
        if (chars.length >= 2 && chars.length <= 3 && chars.every(isHan) && dictionary.has(word)) words.add(word);
      }
    },
    correct(text) {
      const corrections: Correction[] = [];
      if (words.size === 0) return { text, corrections };
      const chars = Array.from(text);
      let out = '';
      for (let i = 0; i < chars.length; ) {
        const joined = joinAt(chars, i);
        if (!joined) {
          out += chars[i++];
          continue;
        }
        const tail = joined.word.slice(1);
        corrections.push({ from: chars[i] + joined.insert + tail, to: joined.word });
        out += joined.word;
        i += 1 + Array.from(joined.insert).length + Array.from(tail).length;
      }
      return { text: out, corrections };
    },
  };
}
