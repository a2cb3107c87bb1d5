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

const WRITTEN = new Map(COLLOQUIAL);
const PATTERN = new RegExp(COLLOQUIAL.map(([spoken]) => spoken).join('|'), 'gu');

/** @example writtenChinese('退款要等多久咋办') // '退款要等多久怎么办' */
export function writtenChinese(text: string): string {
  return text.replace(PATTERN, (spoken) => WRITTEN.get(spoken) ?? spoken);
}
