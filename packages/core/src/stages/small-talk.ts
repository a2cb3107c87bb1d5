import type { Stage } from '../pipeline/turn.ts';
import type { SmallTalkIntent } from '../small-talk/small-talk-intent.ts';
import { createSmallTalkMatcher } from '../small-talk/match-small-talk.ts';
import type { Thresholds } from '../types.ts';
import { clearsAnswerBar } from './decide.ts';

/**
 * Greetings, thanks, goodbyes, "who are you" and abuse get a small-talk reply, but only when the knowledge
 * base has no confident answer: small talk never takes an FAQ question, and an FAQ entry never answers "你好".
 */
export function createSmallTalkStage(intents: readonly SmallTalkIntent[], thresholds: (text: string) => Thresholds): Stage {
  const match = createSmallTalkMatcher(intents);
  return {
    name: 'small-talk',
    run(turn) {
      const hit = match(turn.text);
      if (!hit || clearsAnswerBar(turn.candidates, thresholds(turn.input.text))) return { turn, detail: { matched: hit?.intent ?? null, used: false } };
      return {
        turn: { ...turn, outcome: { kind: 'small-talk', intent: hit.intent, text: hit.text, confidence: 1, candidates: turn.candidates, trace: turn.trace } },
        detail: { matched: hit.intent, used: true },
      };
    },
  };
}
