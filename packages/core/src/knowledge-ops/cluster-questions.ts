export interface ClusterInput {
  text: string;
  /** How often it was asked. */
  count: number;
  /** From `bot.analyze`: unit-length sentence vector and the query's tokens. */
  vector: Float32Array;
  tokens: readonly string[];
}

export interface QuestionCluster<T extends ClusterInput = ClusterInput> {
  /** The most asked member. */
  representative: T;
  members: T[];
  /** Sum of the members' counts. */
  count: number;
}

// Question words and particles say how something is asked, not what: they must not make questions look alike.
const STOP_CHARS = new Set('怎么如何吗呢吧啊的了是不有没能可以会要请问你我他们这那哪什样些个多少几么');
const STOP_WORDS = new Set(['a', 'an', 'the', 'is', 'are', 'do', 'does', 'did', 'i', 'you', 'we', 'my', 'your', 'our', 'to', 'of', 'on', 'in', 'for', 'can', 'how', 'what', 'when', 'where', 'why', 'it', 'be', 'me', 'there', 'and', 'or', 'with', 'have', 'has']);
const MAX_COMPARED_MEMBERS = 50;

/**
 * The default similarity bar for the bot's vectors. Pretrained sentence vectors put unrelated questions at
 * cosine 0.5 and more: on 800 CLINC150 dev queries, 0.7 with them groups 45% of same-intent pairs at 0.88
 * purity, where 0.5 with the hashing vectors groups 36% at 0.875 (bench/cluster-quality.ts).
 */
export function defaultClusterThreshold(semanticVectors: boolean): number {
  return semanticVectors ? 0.7 : 0.5;
}

/**
 * Groups questions that ask the same thing, most asked first: a question joins the cluster holding its most
 * similar member if that similarity reaches `threshold`, else it starts a new cluster. Similarity is the
 * larger of the sentence vectors' cosine and the Dice overlap of content units (Chinese characters and
 * English words, question words left out), so "发票怎么开" ~ "发票如何开具" and "退款多久到账" ~ "退款几天能到账".
 */
export function clusterQuestions<T extends ClusterInput>(items: readonly T[], options: { threshold?: number } = {}): QuestionCluster<T>[] {
  const threshold = options.threshold ?? defaultClusterThreshold(false);
  const clusters: { members: { item: T; units: Set<string> }[]; count: number }[] = [];
  for (const item of [...items].sort((a, b) => b.count - a.count)) {
    const units = contentUnits(item.tokens);
    let best: (typeof clusters)[number] | undefined;
    let bestScore = threshold;
    for (const cluster of clusters) {
      for (const member of cluster.members.slice(0, MAX_COMPARED_MEMBERS)) {
        const score = Math.max(cosine(item.vector, member.item.vector), dice(units, member.units));
        if (score >= bestScore) [best, bestScore] = [cluster, score];
      }
    }
    if (best) {
      best.members.push({ item, units });
      best.count += item.count;
    } else clusters.push({ members: [{ item, units }], count: item.count });
  }
  return clusters.sort((a, b) => b.count - a.count).map((c) => ({ representative: c.members[0]!.item, members: c.members.map((m) => m.item), count: c.count }));
}

function contentUnits(tokens: readonly string[]): Set<string> {
  const units = new Set<string>();
  for (const token of tokens) {
    if (/\p{Script=Han}/u.test(token)) {
      for (const char of token) if (/\p{Script=Han}/u.test(char) && !STOP_CHARS.has(char)) units.add(char);
    } else if (!STOP_WORDS.has(token) && /\w/.test(token)) units.add(token);
  }
  return units;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const unit of a) if (b.has(unit)) shared++;
  return (2 * shared) / (a.size + b.size);
}
