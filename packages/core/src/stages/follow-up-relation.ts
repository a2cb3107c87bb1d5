import type { KnowledgeIndex } from '../knowledge/knowledge-index.ts';
import type { Candidate, KnowledgeEntry } from '../types.ts';
import { idfCoverage } from '../text/similarity.ts';
import { askedMeasure, statesMeasure, type Measure } from './asked-measure.ts';
import { markedValue, tagMarkers } from './tag-markers.ts';
import { FUNCTION_CHARS } from '../knowledge/mine-terms.ts';
import { hasHan, isHan, isHanWord, isLatinWord } from '../text/script.ts';
import { sharesContentWord } from './shared-word.ts';

export interface FollowUpRelation {
  /** It names a topic other than the previous answer's (by a word several entries of that topic share). */
  namesOtherTopic: boolean;
  continuing: boolean;
  drifting: boolean;
  /** The kind of figure it asks for, if any ("要几天": a duration). */
  measure: Measure | undefined;
  /** It asks for a figure the previous answer does not state ("多少钱" after the lesson length): that answer cannot be the reply. */
  asksUnstated: boolean;
  /** One of its content words is in the previous answer or its questions, or is written with that answer's characters where no question holds it ("补课" after "补偿 1 节课"), or two of its characters stand side by side in that answer ("花呗"). */
  mentionsPrevious: boolean;
  /** One of its content words is in the knowledge base's questions, or in the answer of an entry it recalls on its own. */
  knowsAWord: boolean;
  /** It asks, other than yes or no, about a word nothing in the knowledge base or the exchange holds ("股票怎么买"), or yes or no with more new to the exchange ("will it rain tomorrow"). */
  ownSubject: boolean;
}

/**
 * Two characters of the text, neither a function character, that the answer writes side by side: a name jieba
 * cuts differently in the two ("花呗怎么弄" is 花 / 呗, the answer's "可选花呗" is 选花 / 呗).
 */
function sharesContentBigram(text: string, answer: string): boolean {
  const chars = Array.from(text);
  for (let i = 0; i + 1 < chars.length; i++) {
    const [a, b] = [chars[i]!, chars[i + 1]!];
    if (isHan(a) && isHan(b) && !FUNCTION_CHARS.has(a) && !FUNCTION_CHARS.has(b) && answer.includes(a + b)) return true;
  }
  return false;
}

/** A follow-up is read as going on about the previous answer when that answer (or its questions) holds this much of its IDF mass. */
const CONTINUATION_COVERAGE = 0.5;
/** Below this, the follow-up's own best entry is a weak guess: if it is on another topic and the follow-up names none, the previous topic goes on. */
const WEAK_ALONE = 0.45;

/** A follow-up of at most this many content words leaves things out ("纸质的还是电子的": 纸质, 电子). */
const MAX_ELLIPTICAL_WORDS = 3;

/** A yes/no question ("有利息吗", "是纸质的吗", "有没有数学", "is it interest-free?"): it may ask whether the previous answer's subject has something it does not name. */
function asksYesNo(text: string): boolean {
  const trimmed = text.trim();
  return /[吗么嘛][？?]?$/u.test(trimmed) || /(.)[没不]\1|是否/u.test(trimmed) || /^(is|are|was|were|do|does|did|can|could|will|would|should|may|has|have|any)\b/i.test(trimmed);
}

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
 *   states ("要几天" after an answer saying "3 个工作日"), or it is a few words that match nothing on their own
 *   but pick up a word of that answer ("纸质的还是电子的" after "电子结业证书");
 * - drifting: it is short and on its own matches an entry of another topic, but only weakly ("周末在吗"
 *   after the support-hours answer matches class times), so the previous topic should go on; unless it asks
 *   for a figure that answer does not state ("多少钱" after the lesson length), shares a content word with
 *   that entry and none with the previous exchange ("tesol证书是什么" after the refund answer), or asks about a
 *   word nothing in the knowledge base or the exchange holds ("股票怎么买", "tell me a joke").
 */
export function readFollowUp(index: KnowledgeIndex, prior: KnowledgeEntry | undefined, text: string, tokens: readonly string[], candidates: readonly Candidate[], suggestBar: number): FollowUpRelation {
  if (!prior || tokens.length === 0) return { namesOtherTopic: false, continuing: false, drifting: false, measure: askedMeasure(text), asksUnstated: false, mentionsPrevious: false, knowsAWord: false, ownSubject: false };
  // Only words several entries share stop the topic: a word one entry uses throughout may be a verb of it ("下载").
  const topics = tagMarkers(index, 'topic', { singleEntryValues: false });
  // A word the previous answer itself uses is read in that answer's sense ("老师多久批改" after "老师 24 小时内批改").
  const answered = index.answerTerms(prior.id);
  const namesOtherTopic = tokens.some((t) => {
    if (answered.has(t)) return false;
    const value = markedValue(topics, t);
    return value !== undefined && value !== prior.topic;
  });
  const measure = askedMeasure(text);
  const asksUnstated = measure !== undefined && !statesMeasure(prior.answer, measure);
  const said = new Set([...answered, ...index.questionsOf(prior.id).flatMap((q) => q.tokens)]);
  const contentWords = tokens.filter((t) => !index.parts.segmenter.isStopWord?.(t));
  // A word the knowledge base does not hold, written with the previous answer's characters, rewords it ("补课" after "补偿 1 节课").
  const rewordsAnswer = (t: string) => isHanWord(t) && !index.bm25.has(t) && Array.from(t).every((ch) => prior.answer.includes(ch));
  const mentionsPrevious = contentWords.some((t) => said.has(t) || rewordsAnswer(t)) || sharesContentBigram(text, prior.answer);
  // Its content words the previous exchange does not hold; a stray one neither do the knowledge base's questions nor any recalled answer ("股票", "joke").
  const unsaid = contentWords.filter((t) => !said.has(t) && !rewordsAnswer(t) && !prior.answer.includes(t));
  const strayWord = unsaid.some((t) => (isHanWord(t) || (isLatinWord(t) && /[a-z]{3}/i.test(t))) && !index.bm25.has(t) && !candidates.some((c) => index.answerTerms(c.entryId).has(t)));
  // The knowledge base's questions, or the answers of the entries it recalls on its own ("成人英语": 英语 is only in answers).
  // A word of one character (做, 买) is too common to tie a question to the knowledge base on its own.
  const knowsAWord = contentWords.some((t) => (!hasHan(t) || isHanWord(t)) && (index.bm25.has(t) || candidates.some((c) => index.answerTerms(c.entryId).has(t))));
  // A question about a word of its own has moved on: asked other than yes or no ("股票怎么买", "tell me a joke" after the
  // refund answer), or yes or no with more than that word new to the exchange ("any good food nearby"), unlike
  // "有利息吗" after the instalments.
  const ownSubject = strayWord && !(asksYesNo(text) && unsaid.length === 1);
  if (namesOtherTopic) return { namesOtherTopic, continuing: false, drifting: false, measure, asksUnstated, mentionsPrevious, knowsAWord, ownSubject };
  const top = candidates[0];
  // A follow-up of few content words that matches nothing on its own but picks up one of the previous answer's asks about it ("纸质的还是电子的" after "电子结业证书").
  const picksUpAWord = contentWords.length <= MAX_ELLIPTICAL_WORDS && (top?.score ?? 0) < suggestBar && mentionsPrevious;
  const continuing = idfCoverage(new Set(tokens), said, index.bm25.idf) >= CONTINUATION_COVERAGE || (measure !== undefined && !asksUnstated) || picksUpAWord;
  // Last, as it reads the entry's words: a question sharing a content word with its own best entry and none with the
  // previous exchange has moved on ("tesol证书是什么" after the refund answer), as has one about a subject of its own.
  const drifting = !asksUnstated && !ownSubject && isShort(text) && !!prior.topic && !!top && top.entryId !== prior.id && top.score >= suggestBar && top.score < WEAK_ALONE && index.entry(top.entryId)?.topic !== prior.topic && (mentionsPrevious || !sharesContentWord(index, tokens, top.entryId));
  return { namesOtherTopic, continuing, drifting, measure, asksUnstated, mentionsPrevious, knowsAWord, ownSubject };
}

