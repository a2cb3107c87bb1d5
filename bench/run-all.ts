// `pnpm bench`: every benchmark in turn; each prints its table and writes bench/results/<name>.json.
await import('./clinc150.ts');
await import('./education-zh.ts');
await import('./scale.ts');
await import('./widget-size.ts');
await import('./server-load.ts');
