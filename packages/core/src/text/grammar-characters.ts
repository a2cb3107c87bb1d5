/**
 * Single characters that are words of grammar (是, 的, 能 …): next to a noun they are far more often
 * themselves than part of a word ("1堂课是多少分钟" is 课 + 是, not 课时 and not a word 课是).
 */
const GRAMMAR_CHARACTERS = new Set(Array.from('是的了吗呢吧啊在有和也都就还要能会把被给对跟让很太最'));

export function isGrammarCharacter(char: string): boolean {
  return GRAMMAR_CHARACTERS.has(char);
}
