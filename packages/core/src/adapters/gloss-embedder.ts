import type { Embedder } from '../ports/embedder.ts';

/**
 * An English sentence embedder reading Chinese through word-by-word English glosses (createGlossTranslator):
 * Chinese questions that share no word but mean the same land close together ("书什么时候寄过来" near
 * "课本多久能到"), which the knowledge base's own hashing vectors cannot see. Rough (glosses, not a translation),
 * so it is blended into ranking, not used for recall.
 */
export function createGlossEmbedder(english: Embedder, translate: (text: string) => string): Embedder {
  return {
    id: `gloss(${english.id})`,
    dimension: english.dimension,
    semantic: true,
    embed: (inputs) => english.embed(inputs.map((input) => ({ text: translate(input.text), tokens: [] }))),
  };
}
