import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The widget bundle as the server serves it (/widget.js: minified, socket.io-client and Lit included), raw and gzipped. */
const entry = new URL('../packages/widget/src/embed.ts', import.meta.url).pathname;
const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'iife', platform: 'browser', target: 'es2020', write: false, legalComments: 'none' });
const code = result.outputFiles[0]!.contents;
const figures = { raw_kb: Math.round(code.byteLength / 102.4) / 10, gzip_kb: Math.round(gzipSync(code, { level: 9 }).byteLength / 102.4) / 10, budget_gzip_kb: 40 };
console.log(`widget.js: ${figures.raw_kb} KB minified, ${figures.gzip_kb} KB gzipped (budget ${figures.budget_gzip_kb} KB)`);
await writeFile(new URL('results/widget-size.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), ...figures }, null, 2) + '\n');
