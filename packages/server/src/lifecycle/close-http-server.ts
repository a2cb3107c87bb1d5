import type { FastifyInstance } from 'fastify';

/** How long the requests still open when the node stops get to finish before their connections are cut. */
export const HTTP_CLOSE_GRACE_MS = 5_000;

/**
 * Closes the HTTP server, cutting whatever connections are still open after `graceMs`. Without the cut, a
 * keep-alive connection that went idle after the close began (a response its client had not finished
 * reading) held the stop for Fastify's 72 s keep-alive timeout.
 */
export async function closeHttpServer(app: FastifyInstance, graceMs = HTTP_CLOSE_GRACE_MS): Promise<void> {
  const cut = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
}
