import type { KnowledgeIndex } from '../knowledge/knowledge-index.ts';
import { runPipeline } from '../pipeline/run-pipeline.ts';
import { newTurn, type Stage } from '../pipeline/turn.ts';
import type { Candidate, HistoryTurn, KnowledgeEntry, Thresholds } from '../types.ts';
import { clearsAnswerBar } from './decide.ts';
import { looksLikeFollowUp } from './follow-up.ts';
import { hasHan } from '../text/script.ts';
import { round } from './recall-lexical.ts';
import { markedValue, tagMarkers } from './tag-markers.ts';
import { askedMeasure, statesMeasure } from './asked-measure.ts';
import { idfCoverage } from '../text/similarity.ts';

/** How much the previously answered entry is held back for a follow-up (it was already answered). */
const PREVIOUS_ENTRY_FACTOR = 0.8;
/** Bonus for an entry that keeps one of the previous entry's topic/attribute tags and changes the other. */
const SIBLING_BONUS = 0.05;
/** Bonus for the entry a follow-up names by tags: the new topic with the old attribute, or the reverse. */
const SLOT_BONUS = 0.15;

/** A follow-up is read as going on about the previous answer when that answer (or its questions) holds this much of its IDF mass. */
const CONTINUATION_COVERAGE = 0.5;
/** Below this, the follow-up's own best entry is a weak guess: if it is on another topic and the follow-up names none, the previous topic goes on. */
const WEAK_ALONE = 0.45;
/** Bonus for entries on the previous topic when a follow-up that names no topic would otherwise drift to another. */
const TOPIC_BONUS = 0.1;

/** Elliptical: at most five Chinese characters or four English words ("周末在吗", "and weekends?"). */
function isShort(text: string): boolean {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = text.match(/[a-z0-9]+/gi)?.length ?? 0;
  return han > 0 ? han <= 5 && words <= 1 : words > 0 && words <= 4;
}

/**
 * How a follow-up relates to the previous answer, when it names no other topic:
 * - continuing: it asks about something the previous answer (or its questions) mentions ("能保存多久" after
 *   the replay answer "保存 180 天", "even if opened?" after the return answer), or for a figure that answer
 *   states ("要几天" after an answer saying "3 个工作日");
 * - drifting: it is short and on its own matches an entry of another topic, but only weakly ("周末在吗"
 *   after the support-hours answer matches class times), so the previous topic should go on.
 */
function readFollowUp(index: KnowledgeIndex, prior: KnowledgeEntry | undefined, text: string, tokens: readonly string[], candidates: readonly Candidate[], suggestBar: number): { continuing: boolean; drifting: boolean } {
  if (!prior || tokens.length === 0) return { continuing: false, drifting: false };
  // Only words several entries share stop the topic: a word one entry uses throughout may be a verb of it ("下载").
  const topics = tagMarkers(index, 'topic', { singleEntryValues: false });
  const namesOtherTopic = tokens.some((t) => {
    const value = markedValue(topics, t);
    return value !== undefined && value !== prior.topic;
  });
  if (namesOtherTopic) return { continuing: false, drifting: false };
  const said = new Set([...index.answerTerms(prior.id), ...index.questionsOf(prior.id).flatMap((q) => q.tokens)]);
  const measure = askedMeasure(text);
  const continuing = idfCoverage(new Set(tokens), said, index.bm25.idf) >= CONTINUATION_COVERAGE || (measure !== undefined && statesMeasure(prior.answer, measure));
  const top = candidates[0];
  const drifting = isShort(text) && !!prior.topic && !!top && top.entryId !== prior.id && top.score >= suggestBar && top.score < WEAK_ALONE && index.entry(top.entryId)?.topic !== prior.topic;
  return { continuing, drifting };
}

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
  const named = (tag: 'topic' | 'attribute') => {
    const markers = tagMarkers(index, tag);
    return tokens.map((t) => markedValue(markers, t)).find((value) => value !== undefined && value !== prior[tag]);
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
 * changing the other are preferred. A question that is clear on its own (and has no follow-up wording)
 * resets the topic. The trace shows the rewritten query and whether it was used.
 */
export function createContextStage(index: KnowledgeIndex, retrieval: readonly Stage[], thresholds: () => Thresholds): Stage {
  return {
    name: 'context',
    async run(turn) {
      const previous = previousExchange(turn.input.history ?? [], index);
      if (!previous || !turn.text) return { turn, detail: { used: false, reason: previous ? 'empty' : 'no previous answer' } };
      const followUpWording = looksLikeFollowUp(turn.text);
      const bar = thresholds();
      const prior = index.entry(previous.entryId);
      const { continuing, drifting } = readFollowUp(index, prior, turn.text, turn.tokens, turn.candidates, bar.suggest);
      const topicGoesOn = followUpWording || continuing || drifting;
      if (!topicGoesOn && clearsAnswerBar(turn.candidates, bar)) {
        return { turn, detail: { used: false, reason: 'clear on its own: topic reset' } };
      }
      if (!topicGoesOn && (turn.candidates[0]?.score ?? 0) < bar.suggest) {
        return { turn, detail: { used: false, reason: 'unrelated to the knowledge base: no context' } };
      }
      // A previous question that was itself a follow-up ("那小班课呢") says little: use the answered entry's own
      // question instead, in the script the visitor writes in.
      const sameScript = prior?.questions.find((q) => hasHan(q) === hasHan(turn.input.text));
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
      const sibling = turn.candidates.some((c) => c.entryId !== previous.entryId && c.score >= bar.answer && c.score > ownPrevious && ((withContext.get(c.entryId) ?? 0) > c.score || sharesTag(index.entry(c.entryId))));
      for (const c of [...turn.candidates, ...combined.candidates.filter((c) => !sibling || c.entryId !== previous.entryId)]) {
        const best = scores.get(c.entryId);
        if (!best || c.score > best.score) scores.set(c.entryId, c);
      }
      const slot = prior?.topic && prior.attribute ? namedByTags(index, { topic: prior.topic, attribute: prior.attribute }, turn.tokens) : undefined;
      const top = Math.max(0, ...[...scores.values()].map((c) => c.score));
      if (slot && !scores.has(slot)) scores.set(slot, { entryId: slot, question: index.entry(slot)?.questions[0] ?? '', lexical: 0, vector: 0, score: 0 });
      const merged = [...scores.values()].map((c) => {
        const entry = index.entry(c.entryId);
        let score = c.score;
        if (c.entryId === previous.entryId) score *= continuing ? 1 : PREVIOUS_ENTRY_FACTOR;
        else if (c.entryId === slot) score = Math.max(score, top) + SLOT_BONUS;
        else if (prior && entry && ((prior.topic && entry.topic === prior.topic && entry.attribute !== prior.attribute) || (prior.attribute && entry.attribute === prior.attribute && entry.topic !== prior.topic))) score += SIBLING_BONUS;
        if (drifting && entry?.topic === prior?.topic) score += TOPIC_BONUS;
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
