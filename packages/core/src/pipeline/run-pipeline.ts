import { performance } from 'node:perf_hooks';
import type { Stage, Turn } from './turn.ts';

/** Runs the stages in order, timing each and appending its trace entry. A stage may end the turn by setting an outcome. */
export async function runPipeline(stages: readonly Stage[], start: Turn): Promise<Turn> {
  let turn = start;
  for (const stage of stages) {
    const began = performance.now();
    const { turn: next, detail } = await stage.run(turn);
    next.trace = [...turn.trace, { stage: stage.name, detail, ms: Math.round((performance.now() - began) * 1000) / 1000 }];
    turn = next;
    if (turn.outcome) break;
  }
  return turn;
}
