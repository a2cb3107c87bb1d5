/** A vocabulary row of a SentencePiece unigram model: the piece and its log-probability. */
export type SentencePiece = readonly [piece: string, score: number];

const WORD_START = '\u2581';
/** Ids below this are control symbols (<unk> is 0); they never match text. */
const RESERVED_IDS = 6;
const UNKNOWN_ID = 0;

/**
 * SentencePiece unigram tokenisation (Viterbi: the segmentation with the highest total score), the
 * tokenizer the Universal Sentence Encoder lite was trained with. Matches the reference tokenizer of
 * @tensorflow-models/universal-sentence-encoder id for id, including merging runs of unknown symbols.
 */
export function createSentencePieceTokenizer(vocabulary: readonly SentencePiece[]): (text: string) => number[] {
  const pieces = new Map<string, { id: number; score: number }>();
  let longest = 1;
  for (let id = RESERVED_IDS; id < vocabulary.length; id++) {
    const [piece, score] = vocabulary[id]!;
    pieces.set(piece, { id, score });
    longest = Math.max(longest, [...piece].length);
  }
  return (text) => {
    const normalized = text.normalize('NFKC');
    const symbols = normalized ? [...(WORD_START + normalized.replace(/ /g, WORD_START))] : [];
    const pieceAt = (start: number, end: number) => pieces.get(symbols.slice(start, end).join(''));
    // A symbol that starts no piece becomes <unk> (score 0), as in the reference implementation.
    const startsNoPiece = symbols.map((_, start) => {
      for (let end = start + 1; end <= Math.min(symbols.length, start + longest); end++) if (pieceAt(start, end)) return false;
      return true;
    });
    const best = new Float64Array(symbols.length + 1);
    const idAt = new Int32Array(symbols.length + 1);
    const lengthAt = new Int32Array(symbols.length + 1);
    for (let end = 1; end <= symbols.length; end++) {
      for (let start = Math.max(0, end - longest); start < end; start++) {
        const piece = pieceAt(start, end) ?? (start === end - 1 && startsNoPiece[start] ? { id: UNKNOWN_ID, score: 0 } : undefined);
        if (!piece) continue;
        const score = piece.score + best[start]!;
        if (best[end] === 0 || score >= best[end]!) {
          best[end] = score;
          idAt[end] = piece.id;
          lengthAt[end] = end - start;
        }
      }
    }
    const reversed: number[] = [];
    for (let end = symbols.length; end > 0; end -= lengthAt[end]!) reversed.push(idAt[end]!);
    const ids: number[] = [];
    let previousUnknown = false;
    for (let i = reversed.length - 1; i >= 0; i--) {
      const id = reversed[i]!;
      if (!(previousUnknown && id === UNKNOWN_ID)) ids.push(id);
      previousUnknown = id === UNKNOWN_ID;
    }
    return ids;
  };
}
