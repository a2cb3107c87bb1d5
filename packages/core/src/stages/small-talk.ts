import type { Stage } from '../pipeline/turn.ts';
import type { SmallTalkMatcher } from '../small-talk/match-small-talk.ts';
import type { Thresholds } from '../types.ts';
import { clearsAnswerBar } from './decide.ts';
import { hasHan } from '../text/script.ts';

/**
 * How far above the answer bar an FAQ entry must score to take a message that is small talk word for word: "are
 * you a bot" scores 0.29 on the demo's discounts entry (answer bar 0.29), a knowledge base's own "are you a bot" entry far more.
 */
const FAQ_CUSHION = 0.1;

/**
 * Greetings, thanks, goodbyes, "who are you" and abuse get a small-talk reply, but only when the knowledge
 * base has no confident answer: small talk never takes an FAQ question, and an FAQ entry never answers "你好".
 */
export function createSmallTalkStage(match: SmallTalkMatcher, thresholds: (text: string) => Thresholds): Stage {
  return {
    name: 'small-talk',
    run(turn) {
      const hit = match(turn.text);
      const bars = thresholds(turn.input.text);
      // One or two Chinese characters ("是", "在吗") hold too little to look up: 是 matched 是 in a question about teachers.
      const tiny = hasHan(turn.text) && turn.text.replace(/\s/g, '').length <= 2;
      if (!hit || (!tiny && clearsAnswerBar(turn.candidates, { answer: bars.answer + FAQ_CUSHION, margin: bars.margin }))) return { turn, detail: { matched: hit?.intent ?? null, used: false } };
      return {
        turn: { ...turn, outcome: { kind: 'small-talk', intent: hit.intent, text: hit.text, confidence: 1, candidates: turn.candidates, trace: turn.trace } },
        detail: { matched: hit.intent, used: true },
      };
    },
  };
}
