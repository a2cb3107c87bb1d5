import { concatVectors } from '../text/similarity.ts';
import { softmaxInPlace } from '../text/softmax.ts';
import type { TextCnn, TextCnnState } from './text-cnn.ts';

type TextInput = { normalized: string; tokens: readonly string[] };

/**
 * Text CNNs trained on the same entries from different seeds, used as one model. Few examples per entry
 * make a single CNN's ranking depend on its seed (CLINC150 dev top-1 of the ranker with one CNN: 0.753 to
 * 0.768 over three seeds); averaging three gave 0.774. Its sentence vector is the members' unit vectors side
 * by side, scaled to unit length, so the cosine of two ensemble vectors is the mean of the members' cosines.
 */
export class TextCnnEnsemble {
  constructor(readonly members: readonly TextCnn[]) {
    if (members.length === 0) throw new Error('an ensemble needs at least one model');
    const ids = members[0]!.entryIds.join('\n');
    if (members.some((m) => m.entryIds.join('\n') !== ids)) throw new Error('the models of an ensemble must score the same entries');
  }

  get entryIds(): readonly string[] {
    return this.members[0]!.entryIds;
  }

  /** Softmax scale of the members' training. */
  get scale(): number {
    return this.members[0]!.config.scale;
  }

  get dimension(): number {
    return this.members.reduce((n, m) => n + m.config.outDim, 0);
  }

  embed(inputs: readonly TextInput[]): Float32Array[] {
    const perMember = this.members.map((m) => m.embed(inputs));
    const shrink = 1 / Math.sqrt(this.members.length);
    return inputs.map((_, i) => concatVectors(perMember.map((vectors) => vectors[i]!)).map((x) => x * shrink));
  }

  /** The members' probabilities of each entry (in entryIds order) for an ensemble vector, averaged. */
  entryProbabilities(vector: Float32Array, temperature = this.scale): Float32Array {
    const mean = new Float32Array(this.entryIds.length);
    const unshrink = Math.sqrt(this.members.length);
    let offset = 0;
    for (const member of this.members) {
      const part = vector.slice(offset, offset + member.config.outDim).map((x) => x * unshrink);
      offset += member.config.outDim;
      const p = softmaxInPlace(member.prototypeCosines(part), temperature);
      for (let i = 0; i < mean.length; i++) mean[i]! += p[i]! / this.members.length;
    }
    return mean;
  }

  states(): TextCnnState[] {
    return this.members.map((m) => m.state());
  }

  dispose(): void {
    for (const m of this.members) m.dispose();
  }
}
