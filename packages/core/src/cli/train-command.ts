import { createCliBot } from './create-cli-bot.ts';
import { CoreError } from '../errors.ts';
import type { EpochReport } from '../cnn/train-text-cnn.ts';
import { botOptionsFrom, cliArgs, KB_OPTIONS } from './cli-args.ts';

function bar(report: EpochReport): string {
  const width = 20;
  const done = Math.round((report.epoch / report.epochs) * width);
  const validation = report.validationTop1 === null ? 'n/a' : report.validationTop1.toFixed(3);
  const model = report.members > 1 ? `model ${report.member}/${report.members} ` : '';
  return `${model}${report.phase === 'refit' ? 'refit on all' : 'train       '} epoch ${String(report.epoch).padStart(2)}/${report.epochs} [${'#'.repeat(done)}${'.'.repeat(width - done)}] loss ${report.loss.toFixed(3)}  validation top1 ${validation}  ${(report.ms / 1000).toFixed(1)} s`;
}

/** `chatbot train --kb KB [--out DIR] [--members N]`: trains the text CNN ensemble on the knowledge base and saves it where `--model DIR` / MODEL_DIR load it. */
export async function trainCommand(argv: string[]): Promise<void> {
  const { values } = cliArgs(argv, { ...KB_OPTIONS, out: { type: 'string' }, epochs: { type: 'string' }, patience: { type: 'string' }, seed: { type: 'string' }, members: { type: 'string' } }, ['kb']);
  // A seed may be 0; counts start at 1.
  const integer = (name: string, value: string | undefined, fallback: number, least = 1) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < least) throw new CoreError('CORE_BAD_ARGUMENT', `--${name} must be a whole number from ${least}, not "${value}"`);
    return n;
  };
  const out = values.out ?? `${values.kb!.replace(/\.(jsonl|ndjson|json|ya?ml|csv)$/i, '')}.model`;
  const reports: EpochReport[] = [];
  const started = Date.now();
  const onEpoch = (report: EpochReport) => {
    reports.push(report);
    if (!values.json) process.stderr.write(`${bar(report)}\n`);
  };
  const { model: _ignored, ...options } = await botOptionsFrom(values);
  const bot = await createCliBot({ ...options, trainCnn: { epochs: integer('epochs', values.epochs, 20), patience: integer('patience', values.patience, 4), seed: integer('seed', values.seed, 7, 0), members: integer('members', values.members, 3), onEpoch } });
  await bot.saveModel(out);
  const last = reports.at(-1);
  const best = Math.max(...reports.map((r) => r.validationTop1 ?? -1));
  const summary = { out, members: last?.members ?? 1, epochs: reports.filter((r) => r.member === 1).length, best_validation_top1: best < 0 ? null : best, final_loss: last?.loss ?? null, train_ms: Date.now() - started };
  console.log(values.json ? JSON.stringify(summary) : `saved the text CNN to ${out} (${summary.members} model(s), ${summary.epochs} epochs for the first, best validation top1 ${summary.best_validation_top1?.toFixed(3) ?? "n/a"}, ${(summary.train_ms / 1000).toFixed(1)} s)\nuse it: pnpm chatbot eval --kb ${values.kb} --model ${out} --queries Q.jsonl`);
}
