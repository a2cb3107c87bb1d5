import type { KnowledgeIndex } from '../knowledge/knowledge-index.ts';
import type { Candidate, KnowledgeEntry } from '../types.ts';
import { hasHan } from '../text/script.ts';
import { exclusiveWords, markedValue, tagMarkers, type TagMarkers } from './tag-markers.ts';

/** The runner-up is this close to the best entry (as a share of its score) for the choice between them to be a guess. */
const CLOSE = 0.85;
/**
 * How close another topic's entry must be when the best entry names its topic in most of its questions and the
 * question does not: "一节课多长时间" matched "一对一一节课多长时间" (0.612) far better than "小班课一节多长时间" (0.291)
 * on its wording alone.
 */
const UNNAMED_CLOSE = 0.4;
/** Candidates searched for that other topic's entry. */
const RIVALS = 5;

/**
 * True when the question asks an attribute without its topic and the knowledge base has it for several:
 * "多少钱" or "price" when the two best entries are the one-on-one and the small-class prices. The bot then
 * asks which ("您是不是想问…") rather than pick one. A question that names a topic, or a follow-up whose topic
 * the conversation gave, is not unclear.
 *
 * A first Chinese question is unclear on a wider margin too, when the best entry names its topic in most of its
 * questions and the question uses no word that only that topic's entries use ("课时费", "外教一对一"). English
 * questions keep the close margin: their topic names are phrases ("one-on-one") the word-level markers miss.
 */
export function topicUnclear(index: KnowledgeIndex, tokens: readonly string[], candidates: readonly Candidate[], firstTurn = false): boolean {
  const [top, second] = candidates;
  const best = top && index.entry(top.entryId);
  if (!top || !best?.attribute || !best.topic) return false;
  const otherTopic = (c: Candidate | undefined) => {
    const other = c && index.entry(c.entryId);
    return other?.topic !== undefined && other.attribute === best.attribute && other.topic !== best.topic;
  };
  const close = otherTopic(second) && second!.score >= top.score * CLOSE;
  // The rivals first: the marker look-ups below run on every question, and most have no rival.
  if (!close && !(firstTurn && tokens.some(hasHan) && candidates.slice(1, RIVALS).some((c) => otherTopic(c) && c.score >= top.score * UNNAMED_CLOSE))) return false;
  const topics = tagMarkers(index, 'topic');
  if (tokens.some((t) => markedValue(topics, t) !== undefined)) return false;
  if (close) return true;
  const exclusive = exclusiveWords(index, 'topic');
  return namesItsTopic(index, topics, best) && !tokens.some((t) => exclusive.get(t) === best.topic);
}

/** Most of the entry's questions name its topic ("一对一一节课多长时间", "一对一上多久", "一对一每节几分钟"). */
function namesItsTopic(index: KnowledgeIndex, topics: TagMarkers, entry: KnowledgeEntry): boolean {
  const questions = index.questionsOf(entry.id);
  return questions.filter((q) => q.tokens.some((t) => markedValue(topics, t) === entry.topic)).length * 2 > questions.length;
}
