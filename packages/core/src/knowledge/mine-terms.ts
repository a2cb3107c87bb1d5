import { isHan } from '../text/script.ts';

/** Characters that mostly make function words (的, 吗, 怎, 可, …): no domain term starts or ends with one. */
export const FUNCTION_CHARS: ReadonlySet<string> = new Set(Array.from('的了吗呢吧啊呀是在有和与及我你他她它们这那么怎什可以能会要想请问就都也还个一不没'));

/**
 * Domain terms of a knowledge base that a general dictionary does not know (e.g. 小班课, 试听课):
 * Han n-grams of 3–4 characters that recur in at least `minCount` questions and neither start
 * nor end with a function character. They become jieba user-dictionary words.
 */
export function mineTerms(questions: readonly string[], isKnownWord: (word: string) => boolean, minCount = 3): string[] {
  const counts = new Map<string, number>();
  for (const question of questions) {
    const seen = new Set<string>();
    const chars = Array.from(question);
    for (let n = 3; n <= 4; n++) {
      for (let i = 0; i + n <= chars.length; i++) {
        const gram = chars.slice(i, i + n);
        if (!gram.every(isHan) || FUNCTION_CHARS.has(gram[0]!) || FUNCTION_CHARS.has(gram[n - 1]!)) continue;
        seen.add(gram.join(''));
      }
    }
    for (const gram of seen) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return [...counts].filter(([gram, count]) => count >= minCount && !isKnownWord(gram)).map(([gram]) => gram);
}
