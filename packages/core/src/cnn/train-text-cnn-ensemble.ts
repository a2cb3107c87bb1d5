import { TextCnnEnsemble } from './text-cnn-ensemble.ts';
import type { Tf } from './tensor-runtime.ts';
import { trainTextCnn, type EpochReport, type TrainingExample, type TrainOptions } from './train-text-cnn.ts';

/**
 * Trains `members` text CNNs (default 3) that differ in their seed. The first holds questions out to choose
 * the epoch count, then trains on every question; the others train on every question for that many
 * epochs, so an ensemble of three costs about twice one model.
 */
export async function trainTextCnnEnsemble(tf: Tf, examples: readonly TrainingExample[], options: TrainOptions = {}): Promise<{ model: TextCnnEnsemble; reports: EpochReport[] }> {
  const members = Math.max(1, Math.floor(options.members ?? 3));
  const seed = options.seed ?? 7;
  const reports: EpochReport[] = [];
  const tagged = (member: number) => (report: EpochReport) => {
    const full = { ...report, member, members, ...(member > 1 ? { phase: 'refit' as const } : {}) };
    reports.push(full);
    options.onEpoch?.(full);
  };
  const first = await trainTextCnn(tf, examples, { ...options, seed, onEpoch: tagged(1) });
  const refits = first.reports.filter((r) => r.phase === 'refit');
  const epochs = refits.length > 0 ? refits.length : first.reports.length;
  const models = [first.model];
  for (let member = 2; member <= members; member++) {
    const next = await trainTextCnn(tf, examples, { ...options, seed: seed + member - 1, epochs, holdOut: false, onEpoch: tagged(member) });
    models.push(next.model);
  }
  return { model: new TextCnnEnsemble(models), reports };
}
