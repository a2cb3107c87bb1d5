import type { KnowledgeIndex } from '../knowledge/knowledge-index.ts';
import type { Candidate } from '../types.ts';
import { markedValue, tagMarkers } from './tag-markers.ts';

/** The runner-up is this close to the best entry (as a share of its score) for the choice between them to be a guess. */
const CLOSE = 0.85;

/**
 * True when the question asks an attribute without its topic and the knowledge base has it for several:
 * "多少钱" or "price" when the two best entries are the one-on-one and the small-class prices. The bot then
 * asks which ("您是不是想问…") rather than pick one. A question that names a topic, or a follow-up whose topic
 * the conversation gave, is not unclear.
 */
export function topicUnclear(index: KnowledgeIndex, tokens: readonly string[], candidates: readonly Candidate[]): boolean {
  const [top, second] = candidates;
  if (!top || !second || second.score < top.score * CLOSE) return false;
  const [a, b] = [index.entry(top.entryId), index.entry(second.entryId)];
  if (!a?.attribute || !a.topic || !b?.topic || a.attribute !== b.attribute || a.topic === b.topic) return false;
  const topics = tagMarkers(index, 'topic');
  return !tokens.some((t) => markedValue(topics, t) !== undefined);
}
