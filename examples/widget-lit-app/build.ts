import { build } from 'esbuild';

// Bundles the example app (Lit + the widget from the workspace) into dist/app.js.
await build({
  entryPoints: [new URL('shop-app.ts', import.meta.url).pathname],
  bundle: true,
  format: 'esm',
  minify: true,
  outfile: new URL('dist/app.js', import.meta.url).pathname,
});
console.log('built examples/widget-lit-app/dist/app.js');
