/**
 * Chinese question words and particles, in the English a question would use; '' for particles with no word of
 * their own. The dictionary's everyday senses of these are not the ones a question means (吗 "what?", 要 "to
 * demand", 着 "a move in chess").
 */
const QUESTION_WORDS: Readonly<Record<string, string>> = {
  怎么: 'how', 怎样: 'how', 如何: 'how', 怎么办: 'what to do', 多少: 'how much', 多少钱: 'how much money', 什么: 'what',
  哪里: 'where', 哪儿: 'where', 哪: 'which', 几: 'how many', 多久: 'how long', 多长: 'how long', 为什么: 'why',
  吗: '', 呢: '', 吧: '', 的: '', 了: '', 啊: '', 呀: '', 嘛: '', 哦: '', 着: '',
  能: 'can', 可以: 'can', 会: 'will', 没有: 'no', 有没有: 'is there', 不: 'not', 没: 'not',
  我: 'I', 我们: 'we', 你: 'you', 你们: 'you', 要: 'want', 想: 'want',
};

/** Words too common to tell senses apart by. */
const FILLER = new Set(['a', 'an', 'the', 'of', 'to', 'for', 'on', 'in', 'at', 'up', 'out', 'etc', 'with', 'by', 'as', 'or', 'and']);
/** Senses weighed per word: later ones are rare readings. */
const SENSES_WEIGHED = 4;
/** Longest dictionary word looked for inside a word the dictionary lacks. */
const LONGEST_PART = 4;

export interface GlossTranslatorOptions {
  /** Chinese words to English senses, the usual one first (CC-CEDICT: chineseEnglishSenses()). */
  senses: ReadonlyMap<string, readonly string[]>;
  /** Cuts a run of Chinese characters into words (jieba). */
  segment(han: string): readonly string[];
  /** How often an English word is used (SUBTLEX counts): picks the everyday sense (课 "class", not "subject"). */
  frequency(word: string): number;
}

/**
 * Word-by-word English glosses of a Chinese text ("课本多久能到" -> "textbook how long can go to"), for an English
 * sentence encoder to compare meanings where no word is shared: 课本 "textbook" and 教材 "teaching material",
 * 书 "book". Not a translation: word order and grammar stay Chinese, one sense per word. English words pass
 * through; a word the dictionary lacks is glossed by its longest known parts (试听课 -> 试听 + 课).
 */
export function createGlossTranslator({ senses, segment, frequency }: GlossTranslatorOptions): (text: string) => string {
  const chosen = new Map<string, string | undefined>();

  function everydaySense(word: string): string | undefined {
    if (chosen.has(word)) return chosen.get(word);
    if (!senses.has(word)) return undefined; // not remembered: visitors' unknown words are unbounded
    let best: string | undefined;
    let bestScore = -1;
    for (const sense of senses.get(word)?.slice(0, SENSES_WEIGHED) ?? []) {
      const words = sense.toLowerCase().split(/[^a-z]+/).filter((w) => w && !FILLER.has(w));
      if (words.length === 0) continue;
      // The sense whose rarest word is most common, shorter ones first: "money" over "coin", "class" over "subject".
      const score = Math.min(...words.map(frequency)) / Math.sqrt(words.length);
      if (score > bestScore) [best, bestScore] = [sense, score];
    }
    chosen.set(word, best);
    return best;
  }

  function glossOf(word: string): string | undefined {
    return word in QUESTION_WORDS ? QUESTION_WORDS[word] : everydaySense(word);
  }

  const isKnown = (word: string) => senses.has(word) || word in QUESTION_WORDS;

  /** A word the dictionary lacks, cut into its longest known parts from the left (试听课 -> 试听, 课). */
  function knownParts(word: string): string[] {
    const chars = Array.from(word);
    const parts: string[] = [];
    for (let i = 0; i < chars.length; ) {
      let n = Math.min(LONGEST_PART, chars.length - i);
      while (n > 1 && !isKnown(chars.slice(i, i + n).join(''))) n--;
      parts.push(chars.slice(i, i + n).join(''));
      i += n;
    }
    return parts;
  }

  function glossWord(word: string, out: string[]): void {
    for (const part of isKnown(word) ? [word] : knownParts(word)) {
      const gloss = glossOf(part);
      if (gloss) out.push(gloss);
    }
  }

  /** Single characters jieba left apart that make a dictionary word together (花 + 呗 -> 花呗, the payment service). */
  function joinDictionaryWords(words: readonly string[]): string[] {
    const joined: string[] = [];
    for (let i = 0; i < words.length; i++) {
      let [word, end] = [words[i]!, i];
      for (let j = i + 1, run = word; Array.from(word).length === 1 && j < words.length; j++) {
        run += words[j];
        if (Array.from(run).length > LONGEST_PART) break;
        if (senses.has(run)) [word, end] = [run, j];
      }
      joined.push(word);
      i = end;
    }
    return joined;
  }

  return (text) => {
    const out: string[] = [];
    for (const piece of text.match(/\p{Script=Han}+|[A-Za-z0-9']+/gu) ?? []) {
      if (!/\p{Script=Han}/u.test(piece)) out.push(piece);
      else for (const word of joinDictionaryWords(segment(piece))) glossWord(word, out);
    }
    return out.join(' ');
  };
}
