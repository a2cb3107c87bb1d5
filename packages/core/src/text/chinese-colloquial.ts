/**
 * Spoken forms visitors type, each with the written form knowledge bases use (啥 → 什么, 咋 → 怎么). Only
 * forms that mean one thing wherever they occur: internet slang such as 木有 or 酱紫 is left out, since it
 * would rewrite 实木有 and 酱紫色; longer forms first.
 */
const COLLOQUIAL: readonly (readonly [string, string])[] = [
  ['啥子', '什么'],
  ['咋整', '怎么办'],
  ['啥', '什么'],
  ['咋', '怎么'],
  ['俺', '我'],
  ['甭', '不用'],
];

/**
 * Variant spellings of account words, each with its standard form: 帐 for 账 is still common, and 登陆 ("land") is
 * the usual slip for 登录 ("log in"). Both sides of a match are normalised, so a knowledge base that does mean
 * landing still matches itself.
 */
const VARIANTS: readonly (readonly [string, string])[] = [
  ['帐号', '账号'],
  ['帐户', '账户'],
  ['帐单', '账单'],
  ['登陆', '登录'],
];

const WRITTEN = new Map([...COLLOQUIAL, ...VARIANTS]);
const PATTERN = new RegExp([...WRITTEN.keys()].join('|'), 'gu');

/**
 * @example writtenChinese('退款要等多久咋办') // '退款要等多久怎么办'
 * @example writtenChinese('帐号登陆不了') // '账号登录不了'
 */
export function writtenChinese(text: string): string {
  return text.replace(PATTERN, (spoken) => WRITTEN.get(spoken) ?? spoken);
}
