import type { FastifyInstance } from 'fastify';
import { errorBody, isStoreUnavailable, ServerError } from '../errors.ts';
import { DEFAULT_BODY_LIMIT, megabytes } from './body-limits.ts';
import { DRAIN_LIMIT_BYTES, drainRequestBody } from './drain-request-body.ts';

/**
 * Every HTTP error, Fastify's own included (a failed validation, a body too large or of a type the route does not
 * take, an unknown route), answers `{ error: { code, message } }` with a code from docs/errors.md.
 */
export function setErrorReplies(app: FastifyInstance): void {
  app.setNotFoundHandler(async (request, reply) => {
    const error = new ServerError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]} (the API: /docs)`);
    return reply.code(error.status).send({ error: errorBody(error) });
  });
  app.setErrorHandler(async (error, request, reply) => {
    const e = error as Error & { statusCode?: number; code?: string; validation?: unknown };
    if (error instanceof ServerError) return reply.code(error.status).send({ error: errorBody(error) });
    if (e.validation) return reply.code(400).send({ error: { code: 'BAD_REQUEST', message: e.message } });
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // Fastify asks to close the connection (the client may still be sending); once the body is read, it can stay open.
      const limit = request.routeOptions.bodyLimit ?? DEFAULT_BODY_LIMIT;
      if (await drainRequestBody(request.raw, limit + DRAIN_LIMIT_BYTES)) reply.removeHeader('connection');
      return reply.code(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: `the request body is larger than ${megabytes(limit)} MB, the limit of ${request.method} ${request.routeOptions.url ?? request.url}` } });
    }
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      // The types this route documents (its OpenAPI `consumes`); every other route takes JSON.
      const accepted = (request.routeOptions.schema as { consumes?: string[] } | undefined)?.consumes ?? ['application/json'];
      const given = request.headers['content-type'] ? `Content-Type ${request.headers['content-type'].split(';')[0]}` : 'a body without a Content-Type';
      const refusal = new ServerError('UNSUPPORTED_MEDIA_TYPE', `${request.method} ${request.routeOptions.url ?? request.url} does not take ${given}; send ${accepted.join(', ')}`);
      return reply.code(refusal.status).send({ error: errorBody(refusal) });
    }
    if (e.statusCode === 429) return reply.code(429).send({ error: { code: 'RATE_LIMITED', message: 'too many requests' } });
    if (e.statusCode && e.statusCode < 500) return reply.code(e.statusCode).send({ error: { code: 'BAD_REQUEST', message: e.message } });
    if (isStoreUnavailable(error)) return reply.code(503).header('retry-after', '5').send({ error: errorBody(error) });
    request.log.error(error);
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'internal error' } });
  });
}
