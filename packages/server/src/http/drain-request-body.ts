import type { IncomingMessage } from 'node:http';

/** How much of a refused body the server reads and throws away; beyond it, it closes the connection. */
export const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Reads and discards the rest of a request body the server refuses (too large), so that a client still
 * sending it reads the refusal instead of a broken pipe: Node's fetch reports EPIPE, not the 413, when the
 * server closes while it writes. Resolves true when the body was read to its end (the connection can be
 * kept), false when it is too large to wait for, too slow or broken (the caller closes the connection).
 */
export function drainRequestBody(request: IncomingMessage, limit = DRAIN_LIMIT_BYTES, timeoutMs = DRAIN_TIMEOUT_MS): Promise<boolean> {
  if (request.complete) return Promise.resolve(true);
  if (Number(request.headers['content-length']) > limit || request.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    let read = 0;
    const finish = (whole: boolean) => {
      clearTimeout(timer);
      request.off('data', onData).off('end', onEnd).off('error', onBroken).off('close', onBroken);
      resolve(whole);
    };
    const onData = (chunk: Buffer) => {
      read += chunk.length;
      if (read > limit) finish(false);
    };
    const onEnd = () => finish(true);
    const onBroken = () => finish(request.complete);
    const timer = setTimeout(() => finish(false), timeoutMs);
    request.on('data', onData).on('end', onEnd).on('error', onBroken).on('close', onBroken);
    request.resume();
  });
}
