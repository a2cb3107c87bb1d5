/**
 * Spoken and internet forms visitors type, each with the written form knowledge bases use (啥 → 什么,
 * 咋 → 怎么, 木有 → 没有). Only forms that mean one thing wherever they occur; longer forms first.
 */
const COLLOQUIAL: readonly (readonly [string, string])[] = [
  ['啥子', '什么'],
  ['神马', '什么'],
  ['为毛', '为什么'],
  ['咋整', '怎么办'],
  ['肿么', '怎么'],
  ['木有', '没有'],
  ['酱紫', '这样子'],
  ['介个', '这个'],
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
