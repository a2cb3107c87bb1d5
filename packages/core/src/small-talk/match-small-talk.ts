import { normalizeText } from '../text/normalize-text.ts';
import { hasHan } from '../text/script.ts';
import type { SmallTalkIntent } from './small-talk-intent.ts';

/** Small talk is short: longer messages are questions even when they start with "你好". */
const MAX_ZH_CHARS = 8;
const MAX_EN_WORDS = 5;
const FILLER = /^(请问|那个|嗯|啊|哦|呀|哈)\s*|^(so|well|um|oh)\s+|\s*(呀|吧|呢|啦|哈|啊|哦|嘛|了)$/gu;

/** The small-talk intent of a normalised message and the reply in its language; undefined for anything else. */
export type SmallTalkMatcher = (normalized: string) => { intent: string; text: string } | undefined;

/** Finds the small-talk intent of a message, in the message's language; undefined for anything else. */
export function createSmallTalkMatcher(intents: readonly SmallTalkIntent[]): SmallTalkMatcher {
  const prepared = intents.map((i) => ({ ...i, phrases: i.phrases.map(normalizeText) }));
  const matchOne = (text: string): { intent: string; text: string } | undefined => {
    const zh = hasHan(text);
    const short = zh ? text.replace(/\s/g, '').length <= MAX_ZH_CHARS : text.split(/\s+/).length <= MAX_EN_WORDS;
    for (const intent of prepared) {
      const hit = intent.contains
        ? intent.phrases.some((p) => (hasHan(p) ? text.includes(p) : new RegExp(`\\b${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text)))
        : short && intent.phrases.some((p) => text === p || text.replace(/\s/g, '') === p.replace(/\s/g, ''));
      if (hit) return { intent: intent.intent, text: zh ? intent.answers.zh : intent.answers.en };
    }
    return undefined;
  };
  return (normalized: string): { intent: string; text: string } | undefined => {
    const text = normalized.trim();
    const stripped = text.replace(FILLER, '').trim();
    return (text ? matchOne(text) : undefined) ?? (stripped && stripped !== text ? matchOne(stripped) : undefined);
  };
}
