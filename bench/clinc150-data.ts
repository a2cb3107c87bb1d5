import { existsSync } from 'node:fs';

/**
 * Where the CLINC150 files are (kb.jsonl, queries-dev.jsonl, queries-test.jsonl): CLINC150_DIR, or the
 * datasets folder beside the repo. They are not in the repo (the public CLINC150 data, oos-eval, converted
 * to the bot's formats). Missing, the bench says so and stops; `pnpm bench` goes on with the others.
 */
export function clinc150Dir(): string {
  const dir = process.env['CLINC150_DIR'] ?? new URL('../../shared/datasets/clinc150/', import.meta.url).pathname;
  const folder = dir.endsWith('/') ? dir : `${dir}/`;
  if (!existsSync(`${folder}kb.jsonl`)) {
    console.error(`CLINC150 is not at ${folder} (kb.jsonl, queries-dev.jsonl, queries-test.jsonl): set CLINC150_DIR to the folder holding them.`);
    process.exit(2);
  }
  return folder;
}
