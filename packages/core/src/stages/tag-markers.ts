import type { KnowledgeIndex } from '../knowledge/knowledge-index.ts';
import { hasHan } from '../text/script.ts';

export type TagMarkers = ReadonlyMap<string, string>;

/**
 * Words that mark a tag value: a token is a marker of topic T when it occurs in at least two entries and
 * most entries containing it have topic T ("小班课" → small-class, "phones" → phone); likewise for attributes.
 * A value only one entry has is marked by the words that entry alone uses in at least half of its questions
 * (at least two): they name it ("小班课多少钱 / 小班课怎么收费 / 小班课价格").
 */
export function tagMarkers(index: KnowledgeIndex, tag: 'topic' | 'attribute', { singleEntryValues = true } = {}): TagMarkers {
  return kept(index, `${tag}:${singleEntryValues}`, () => findMarkers(index, tag, singleEntryValues));
}

/**
 * Words only entries with one value of the tag use in their questions (no entry with another value or without
 * the tag): weaker than markers, but a question using one ("课时费", only in a one-on-one price question) is
 * about that value.
 */
export function exclusiveWords(index: KnowledgeIndex, tag: 'topic' | 'attribute'): TagMarkers {
  return kept(index, `${tag}:exclusive`, () => {
    const valueOf = new Map<string, string | null>();
    for (const entry of index.entries()) {
      for (const token of new Set(index.questionsOf(entry.id).flatMap((q) => q.tokens))) {
        if (index.parts.segmenter.isStopWord?.(token)) continue;
        const seen = valueOf.get(token);
        valueOf.set(token, seen === undefined || seen === entry[tag] ? (entry[tag] ?? null) : null);
      }
    }
    return new Map([...valueOf].filter((pair): pair is [string, string] => pair[1] !== null));
  });
}

function kept(index: KnowledgeIndex, key: string, find: () => TagMarkers): TagMarkers {
  let byKey = cache.get(index);
  if (!byKey) cache.set(index, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit?.revision === index.revision()) return hit.markers;
  const markers = find();
  byKey.set(key, { revision: index.revision(), markers });
  return markers;
}

/** Markers are read on every follow-up; they change only with the entries (10,000 tagged entries: about 40 ms to find). */
const cache = new WeakMap<KnowledgeIndex, Map<string, { revision: number; markers: TagMarkers }>>();

function findMarkers(index: KnowledgeIndex, tag: 'topic' | 'attribute', singleEntryValues: boolean): TagMarkers {
  const byToken = new Map<string, Map<string, number>>();
  const entriesWith = new Map<string, number>();
  const namingWords: { value: string; token: string }[] = [];
  for (const entry of index.entries()) {
    const value = entry[tag];
    if (value) entriesWith.set(value, (entriesWith.get(value) ?? 0) + 1);
  }
  for (const entry of index.entries()) {
    const value = entry[tag];
    if (!value) continue;
    const questions = index.questionsOf(entry.id);
    const inQuestions = new Map<string, number>();
    for (const q of questions) for (const token of new Set(q.tokens)) inQuestions.set(token, (inQuestions.get(token) ?? 0) + 1);
    for (const [token, n] of inQuestions) {
      // Function words mark nothing, however the entries happen to use them ("要" in two of three entries on lessons).
      if (index.parts.segmenter.isStopWord?.(token)) continue;
      let counts = byToken.get(token);
      if (!counts) byToken.set(token, (counts = new Map()));
      counts.set(value, (counts.get(value) ?? 0) + 1);
      if (singleEntryValues && entriesWith.get(value) === 1 && n >= 2 && n * 2 >= questions.length) namingWords.push({ value, token });
    }
  }
  const markers = new Map<string, string>();
  for (const [token, counts] of byToken) {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const [value, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    if (count >= 2 && count / total > 0.5) markers.set(token, value);
  }
  for (const { value, token } of namingWords) if (byToken.get(token)?.size === 1) markers.set(token, value);
  return markers;
}

/**
 * The tag value a token marks. A Chinese word of two or more characters that is not a marker itself but lies
 * inside markers of a single value marks that value too: visitors shorten the knowledge base's words
 * ("小班" for "小班课", "一对一" for "一对一课程").
 */
export function markedValue(markers: TagMarkers, token: string): string | undefined {
  const exact = markers.get(token);
  if (exact !== undefined || token.length < 2 || !hasHan(token)) return exact;
  let found: string | undefined;
  for (const [marker, value] of markers) {
    if (marker.length <= token.length || !marker.includes(token)) continue;
    if (found !== undefined && found !== value) return undefined;
    found = value;
  }
  return found;
}
