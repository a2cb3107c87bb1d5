/**
 * What the operator reads when the server cannot start: one line that says what to do (a port in use) or the
 * error's code and message; its stack only when they asked for details (`verbose`: LOG=true or DEBUG=1).
 *
 * @example startupFailure(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', port: 3000 })) // 'chatbot: port 3000 is in use; set PORT to a free one'
 */
export function startupFailure(error: unknown, options: { port?: number; verbose?: boolean } = {}): string {
  const e = (error ?? {}) as { code?: unknown; message?: unknown; port?: unknown; stack?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  // Node's own errors start their message with the code ("ENOTDIR: not a directory, mkdir …"): said once.
  const first = typeof e.message === 'string' ? e.message.split('\n')[0]! : String(error);
  const message = code && first.startsWith(`${code}: `) ? first.slice(code.length + 2) : first;
  const port = typeof e.port === 'number' ? e.port : options.port;
  const line = code === 'EADDRINUSE' ? `chatbot: port ${port ?? '?'} is in use; set PORT to a free one` : `chatbot: could not start: ${code ? `${code}: ` : ''}${message}`;
  return options.verbose && typeof e.stack === 'string' ? `${line}\n${e.stack}` : line;
}
