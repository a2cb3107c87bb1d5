// `pnpm bench`: every benchmark in turn; each prints its table and writes bench/results/<name>.json.
await import('./clinc150.ts');
await import('./scale.ts');
