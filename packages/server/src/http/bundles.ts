import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import { ServerError } from '../errors.ts';

/**
 * Browser bundles (widget, console) built in memory with esbuild on first request and cached,
 * so the server serves them without a separate build step.
 */
export function createBundle(entry: string, format: 'iife' | 'esm') {
  let built: Promise<string> | undefined;
  return {
    get(): Promise<string> {
      if (!existsSync(entry)) return Promise.reject(new ServerError('BUNDLE_UNAVAILABLE', `bundle entry ${entry} does not exist`));
      built ??= build({ entryPoints: [entry], bundle: true, minify: true, format, platform: 'browser', target: 'es2020', write: false, legalComments: 'none' })
        .then((result) => result.outputFiles[0]!.text)
        .catch((error: unknown) => {
          built = undefined;
          throw new ServerError('BUNDLE_UNAVAILABLE', `cannot build ${entry}`, { cause: error });
        });
      return built;
    },
  };
}
