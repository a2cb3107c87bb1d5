import { createBot, createFeatureReranker } from '../packages/core/src/index.ts';
import { featuresOf, type SimilarityFeatures } from '../packages/core/src/adapters/feature-reranker.ts';
import { readQueries } from '../packages/core/src/eval/read-queries.ts';
import type { Reranker } from '../packages/core/src/ports/reranker.ts';
const [kbPath, devPath] = process.argv.slice(2) as [string, string];
const dev = await readQueries(devPath);
type Row = { id: string | null; entries: { id: string; feats: SimilarityFeatures[] }[] };
let current: Row['entries'] = [];
const base = createFeatureReranker();
const capturing: Reranker = { id: 'cap', rerank(q, rec, ctx) { current = rec.map((e) => ({ id: e.entryId, feats: featuresOf(q, e, ctx).map((f) => f.features) })); return base.rerank(q, rec, ctx); } };
const bot = await createBot({ knowledge: kbPath, reranker: capturing, recall: { entries: 30 } });
const rows: Row[] = [];
for (const q of dev) { current = []; await bot.ask({ text: q.query }); rows.push({ id: q.id, entries: current }); }
const keys = Object.keys(rows.find((r) => r.entries.length)!.entries[0]!.feats[0]!) as (keyof SimilarityFeatures)[];
function score(w: number[], lam: number, r: Row) {
  return r.entries.map((e) => { const s = e.feats.map((f) => keys.reduce((a, k, i) => a + w[i]! * f[k], 0)).sort((a, b) => b - a); return { id: e.id, s: s[0]! + lam * (s[1] ?? s[0]!) }; }).sort((a, b) => b.s - a.s);
}
function top1(w: number[], lam: number) { let ok = 0, n = 0; for (const r of rows) { if (!r.id) continue; n++; if (score(w, lam, r)[0]?.id === r.id) ok++; } return ok / n; }
const def = [0.25, 0.2, 0.15, 0.2, 0.1, 0.1];
console.log(keys, 'default', top1(def, 0));
let best = { s: top1(def, 0), w: def, lam: 0 };
let seed = 7; const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
for (let it = 0; it < 1500; it++) {
  const w = it < 500 ? keys.map(() => rnd()) : best.w.map((x) => Math.max(0, x + (rnd() - 0.5) * 0.15));
  const sum = w.reduce((a, b) => a + b, 0); const wn = w.map((x) => x / sum);
  const lam = it < 500 ? [0, 0.1, 0.25, 0.5][it % 4]! : Math.max(0, best.lam + (rnd() - 0.5) * 0.1);
  const s = top1(wn, lam);
  if (s > best.s) { best = { s, w: wn, lam }; console.log(it, s.toFixed(4), wn.map((x) => x.toFixed(3)).join(','), lam.toFixed(3)); }
}
console.log(JSON.stringify(best));
