import { CoreError } from '../errors.ts';

/**
 * What the CLI prints for a command that failed: a CoreError as `CODE: message`, then the problems its message
 * does not already list; anything else as one line with its message (the stack too with `debug`).
 *
 * @example
 * for (const line of failureLines(error, process.env.DEBUG === '1')) console.error(line);
 */
export function failureLines(error: unknown, debug = false): string[] {
  if (error instanceof CoreError) {
    // A knowledge base's message already lists its problems ("line 3: …"), a synonym table's only the first.
    const unlisted = error.problems.filter((p) => !error.message.includes(`${p.line}: ${p.message}`)).slice(0, 20);
    return [`${error.code}: ${error.message}`, ...unlisted.map((p) => `  line ${p.line}: ${p.message}`)];
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = debug && error instanceof Error && error.stack ? [error.stack] : [];
  return [`error: ${message.split('\n')[0]}${debug ? '' : ' (DEBUG=1 shows where)'}`, ...stack];
}
