/** The start log's lines for a bot's background training: when it starts, when it is done, when it failed. */
export interface TrainingLines {
  started: string;
  done: string;
  failed: string;
}

/**
 * What the bot trains in the background after it starts answering, read from its ranker's make-up
 * (`BotInfo.reranker`): an English knowledge base fine-tunes the sentence encoder, a Chinese one encodes its
 * questions' English glosses, a bilingual one its English questions.
 *
 * @example backgroundTraining('sentence-vectors[gloss(use-lite-en)](learned(features))').started // 'encoding the English glosses …'
 */
export function backgroundTraining(reranker: string): TrainingLines {
  if (reranker.includes('fine-tuned-encoder(')) {
    return {
      started: 'fine-tuning the sentence encoder on the knowledge base in the background; until then the pretrained encoder answers',
      done: 'sentence encoder fine-tuned',
      failed: 'fine-tuning the sentence encoder failed; the pretrained encoder keeps answering',
    };
  }
  if (reranker.includes('[gloss(')) {
    return {
      started: "encoding the English glosses of the knowledge base's Chinese questions with the sentence encoder in the background; until then the bot ranks without them",
      done: 'glosses encoded; the bot ranks with them now',
      failed: 'encoding the glosses failed; the bot keeps ranking without them',
    };
  }
  if (reranker.includes('sentence-vectors[')) {
    return {
      started: "encoding the knowledge base's English questions with the sentence encoder in the background; until then English questions are ranked without their sentence vectors",
      done: 'English questions encoded; English questions are ranked with their sentence vectors now',
      failed: 'encoding the English questions failed; English questions keep being ranked without their sentence vectors',
    };
  }
  return { started: 'training the ranker in the background; the bot answers meanwhile', done: 'ranker trained', failed: 'background training failed; the bot keeps answering' };
}
