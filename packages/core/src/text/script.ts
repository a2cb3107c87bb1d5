const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const CJK_GLOBAL = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/gu;

/** True for a single Han character. */
export function isHan(char: string): boolean {
  return CJK.test(char);
}

const HAN_WORD = /^\p{Script=Han}{2,}$/u;

/** True for a word of two or more Han characters and nothing else (a Chinese word, not a character). */
export function isHanWord(token: string): boolean {
  return HAN_WORD.test(token);
}

/** True when the text holds at least one Han character. */
export function hasHan(text: string): boolean {
  return CJK.test(text);
}

/** Number of Han characters in the text. */
export function countHan(text: string): number {
  return text.match(CJK_GLOBAL)?.length ?? 0;
}

/** True for a token made of ASCII letters/digits (an English or alphanumeric word). */
export function isLatinWord(token: string): boolean {
  return /^[a-z0-9][a-z0-9'+#.-]*$/i.test(token);
}
