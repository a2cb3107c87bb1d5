/** What went wrong in the console itself, before any answer from the server (docs/errors.md). */
export type ConsoleErrorCode = 'CONSOLE_NO_ANSWER' | 'CONSOLE_OFFLINE' | 'CONSOLE_NETWORK';

/** A refusal or failure with a stable code: the server's (docs/errors.md) or the console's own. */
export class ConsoleError extends Error {
  constructor(readonly code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConsoleError';
  }
}
