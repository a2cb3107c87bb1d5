import type { KnowledgeIndex } from '../knowledge/knowledge-index.ts';
import { runPipeline } from '../pipeline/run-pipeline.ts';
import { newTurn, type Stage } from '../pipeline/turn.ts';
import type { Candidate, HistoryTurn, KnowledgeEntry, Thresholds } from '../types.ts';
import { clearsAnswerBar } from './decide.ts';
import { sharesContentWord } from './shared-word.ts';
import { hasFollowUpLeadOrTail, looksLikeFollowUp, pointsBack } from './follow-up.ts';
import { firstQuestionInScriptOf } from '../text/question-in-script.ts';
import { round } from './recall-lexical.ts';
import { markedValue, tagMarkers } from './tag-markers.ts';
import { statesMeasure } from './asked-measure.ts';
import { readFollowUp } from './follow-up-relation.ts';
import { hasHan } from '../text/script.ts';

/** How much the previously answered entry is held back for a follow-up (it was already answered). */
const PREVIOUS_ENTRY_FACTOR = 0.8;
/** Bonus for an entry that keeps one of the previous entry's topic/attribute tags and changes the other. */
const SIBLING_BONUS = 0.05;
/** Bonus for the entry a follow-up names by tags: the new topic with the old attribute, or the reverse. */
const SLOT_BONUS = 0.15;

/**
 * Bonus for entries on the previous topic when a follow-up that names no topic would otherwise drift to
 * another, or when their answer states the figure it asks for ("how long will that take" after the invoice answer: invoice times).
 */
const TOPIC_BONUS = 0.1;

/** How much entries of another topic are held back when a follow-up points back with a pronoun and names no other topic ("how long does it take"). */
const OTHER_TOPIC_FACTOR = 0.8;

/** The last answered knowledge-base question; small-talk replies ("谢谢" → "不客气") in between are skipped. */
function previousExchange(history: readonly HistoryTurn[], index: KnowledgeIndex): { question: string; entryId: string } | undefined {
  for (let i = history.length - 1; i > 0; i--) {
    const turn = history[i]!;
    if (turn.role === 'bot' && turn.entryId && index.entry(turn.entryId)) {
      const asked = history.slice(0, i).reverse().find((t) => t.role === 'user');
      return asked ? { question: asked.text, entryId: turn.entryId } : undefined;
    }
  }
  return undefined;
}

/**
 * The entry a follow-up names through the knowledge base's tags: a question that names another topic but no
 * attribute ("那小班课呢") wants that topic with the previous attribute; one that names another attribute but no
 * topic ("一节课多长时间呢") wants the previous topic with that attribute.
 */
function namedByTags(index: KnowledgeIndex, prior: { topic: string; attribute: string }, tokens: readonly string[]): string | undefined {
  // A follow-up naming two new values of one tag ("手机号收不到验证码": phone and code) names neither.
  const named = (tag: 'topic' | 'attribute') => {
    const markers = tagMarkers(index, tag);
    const values = new Set(tokens.map((t) => markedValue(markers, t)).filter((value) => value !== undefined && value !== prior[tag]));
    return values.size === 1 ? [...values][0] : undefined;
  };
  const [topic, attribute] = [named('topic'), named('attribute')];
  if (topic === undefined === (attribute === undefined)) return undefined;
  const want = { topic: topic ?? prior.topic, attribute: attribute ?? prior.attribute };
  return index.entries().find((e) => e.topic === want.topic && e.attribute === want.attribute)?.id;
}

/**
 * Multi-turn context: a follow-up that leaves out its topic or aspect ("多久能收到" after "发票怎么开",
 * "and on phones?" after "what is the warranty on laptops") is also asked together with the previous question;
 * the previously answered entry is held back, and entries that keep one of its topic/attribute tags while
 * changing the other are preferred. A follow-up that goes on with the previous answer or would drift off its
 * topic (`readFollowUp`) keeps that topic; any other question that is clear on its own (and has no follow-up
 * wording) resets it. The trace shows the rewritten query and whether it was used.
 */
export function createContextStage(index: KnowledgeIndex, retrieval: readonly Stage[], thresholds: () => Thresholds, isSmallTalk: (text: string) => boolean = () => false): Stage {
  return {
    name: 'context',
    async run(turn) {
      const previous = previousExchange(turn.input.history ?? [], index);
      if (!previous || !turn.text) return { turn, detail: { used: false, reason: previous ? 'empty' : 'no previous answer' } };
      // "who are you" or "thanks a lot" after an answer is not about that answer.
      if (isSmallTalk(turn.text)) return { turn, detail: { used: false, reason: 'small talk' } };
      const bar = thresholds();
      const prior = index.entry(previous.entryId);
      const { namesOtherTopic, continuing, drifting, measure, asksUnstated, mentionsPrevious, knowsAWord, ownSubject } = readFollowUp(index, prior, turn.text, turn.tokens, turn.candidates, bar.suggest);
      // An English pronoun in a question about a subject of its own points at nothing said before ("will it rain
      // tomorrow"); a Chinese subjectless question still leans on the previous one ("都有教学经验吗" after the teachers).
      const pointingBack = pointsBack(turn.text) && !(ownSubject && !hasHan(turn.text));
      const followUpWording = hasFollowUpLeadOrTail(turn.text) || pointingBack;
      const topicGoesOn = followUpWording || continuing || drifting;
      // Clear on its own: above the answer bar, or above the shared-word bar on a word of its own that the previous
      // exchange does not hold ("登录不进去怎么回事" after the refund answer is about logging in, not refunds).
      const best = turn.candidates[0];
      const clearAlone = clearsAnswerBar(turn.candidates, bar) || (!mentionsPrevious && best !== undefined && clearsAnswerBar(turn.candidates, bar, sharesContentWord(index, turn.tokens, best.entryId)));
      if (!topicGoesOn && clearAlone) {
        return { turn, detail: { used: false, reason: 'clear on its own: topic reset' } };
      }
      if (!topicGoesOn && (best?.score ?? 0) < bar.suggest) {
        return { turn, detail: { used: false, reason: 'unrelated to the knowledge base: no context' } };
      }
      // No follow-up wording, no word of the previous exchange, no figure asked, no other topic named: a new question
      // ("今天天气怎么样" after the invoice answer), which the previous question must not carry back to that answer.
      if (!topicGoesOn && !namesOtherTopic && measure === undefined && !mentionsPrevious && !knowsAWord) {
        return { turn, detail: { used: false, reason: 'shares nothing with the previous answer: no context' } };
      }
      // A previous question that was itself a follow-up ("那小班课呢") says little: use the answered entry's own
      // question instead, in the script the visitor writes in.
      const sameScript = prior && firstQuestionInScriptOf(prior.questions, turn.input.text);
      const base = looksLikeFollowUp(previous.question) && sameScript ? sameScript : previous.question;
      const combinedText = `${base} ${turn.input.text}`;
      const combined = await runPipeline(retrieval, newTurn({ text: combinedText }));
      const scores = new Map<string, Candidate>();
      // The combined text repeats the question the previous entry answered, so that entry scores high on it
      // whatever the follow-up says. When the follow-up alone prefers another entry, above the answer bar, that
      // fits the context (it scores higher with the previous question than without, or shares a topic/attribute
      // tag with the previous entry: "and one-on-one?" after small-class prices, "一节多久呢" after one-on-one prices), the
      // previous entry keeps only what the follow-up alone scores it. Otherwise the topic goes on and it may well
      // answer again ("ipad呢" after "手机能上课吗", "is it free?" after "how do I book a trial lesson").
      const ownPrevious = turn.candidates.find((c) => c.entryId === previous.entryId)?.score ?? 0;
      const withContext = new Map(combined.candidates.map((c) => [c.entryId, c.score]));
      const sharesTag = (entry: KnowledgeEntry | undefined) => !!entry && !!prior && ((!!prior.topic && entry.topic === prior.topic) || (!!prior.attribute && entry.attribute === prior.attribute));
      // A follow-up going on with the previous answer yields only to an entry on the same topic ("能分期吗" after
      // the payment methods): attributes such as "how-to" are shared too widely to make a sibling.
      const sameTopic = (entry: KnowledgeEntry | undefined) => !!entry?.topic && entry.topic === prior?.topic;
      const fitsContext = (c: Candidate) => (continuing ? sameTopic(index.entry(c.entryId)) : (withContext.get(c.entryId) ?? 0) > c.score || sharesTag(index.entry(c.entryId)));
      const sibling = turn.candidates.some((c) => c.entryId !== previous.entryId && c.score >= bar.answer && c.score > ownPrevious && fitsContext(c));
      // An answer that does not state the figure asked for ("多少钱" after the lesson length) is not the reply either.
      // Nor is it for a question that shares nothing with the previous exchange and does not point back: the previous
      // question's words alone would bring that answer back ("scratch 课有吗" after the trial-lesson answer).
      const previousYields = sibling || asksUnstated || !(topicGoesOn || mentionsPrevious);
      for (const c of [...turn.candidates, ...combined.candidates.filter((c) => !previousYields || c.entryId !== previous.entryId)]) {
        const best = scores.get(c.entryId);
        if (!best || c.score > best.score) scores.set(c.entryId, c);
      }
      const slot = prior?.topic && prior.attribute ? namedByTags(index, { topic: prior.topic, attribute: prior.attribute }, turn.tokens) : undefined;
      const top = Math.max(0, ...[...scores.values()].map((c) => c.score));
      if (slot && !scores.has(slot)) scores.set(slot, { entryId: slot, question: index.entry(slot)?.questions[0] ?? '', lexical: 0, vector: 0, score: 0 });
      const statingAsked = new Set(measure === undefined ? [] : [...scores.keys()].filter((id) => statesMeasure(index.entry(id)?.answer ?? '', measure, true)));
      // What the follow-up alone makes plausible: an entry only the previous question's words bring ("课时能…吗"
      // brings the lesson pause after "课时能给表弟用吗") has no more claim than the entry that answered them.
      const plausibleAlone = new Set(turn.candidates.filter((c) => c.score >= bar.suggest).map((c) => c.entryId));
      const anotherPlausible = [...plausibleAlone].some((id) => id !== previous.entryId) || !!slot;
      const isSibling = (entry: KnowledgeEntry | undefined) => !!prior && !!entry && ((!!prior.topic && entry.topic === prior.topic && entry.attribute !== prior.attribute) || (!!prior.attribute && entry.attribute === prior.attribute && entry.topic !== prior.topic));
      const merged = [...scores.values()].map((c) => {
        const entry = index.entry(c.entryId);
        let score = c.score;
        const statesAsked = statingAsked.has(c.entryId);
        if (c.entryId === previous.entryId) {
          if (!continuing && anotherPlausible) score *= PREVIOUS_ENTRY_FACTOR;
          // Going on with what the previous answer says, with no sibling taking over, it is that answer again ("信用卡呢" after "refunds take 3–5 days, credit cards up to 7").
          else if (!previousYields && !slot) score += TOPIC_BONUS;
        } else if (c.entryId === slot) score = Math.max(score, top) + SLOT_BONUS;
        // A sibling that does not state the figure asked for is no better a reply than any other entry.
        else if ((measure === undefined || statesAsked) && isSibling(entry)) score += SIBLING_BONUS;
        else if (!plausibleAlone.has(c.entryId) && !isSibling(entry)) score *= PREVIOUS_ENTRY_FACTOR;
        if (!!prior?.topic && entry?.topic === prior.topic && (drifting || statesAsked)) score += TOPIC_BONUS;
        else if (prior?.topic && entry?.topic !== prior.topic && pointingBack && !namesOtherTopic) score *= OTHER_TOPIC_FACTOR;
        return { ...c, score: Math.min(1, score) };
      });
      merged.sort((a, b) => b.score - a.score);
      return {
        turn: { ...turn, candidates: merged },
        detail: { used: true, followUpWording, ...(continuing ? { continuing } : {}), ...(drifting ? { drifting } : {}), previousEntry: previous.entryId, rewritten: combinedText, ...(slot ? { namedByTags: slot } : {}), top: merged.slice(0, 3).map((c) => ({ entryId: c.entryId, score: round(c.score) })) },
      };
    },
  };
}
