import { FILE_UPLOAD_HEADERS, type ChatMessage } from '@chatbot/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ServerError } from '../errors.ts';
import { checkUpload } from '../files/uploaded-file.ts';
import { REPLY_CLIENT_ID_PREFIX, type ConversationService } from '../handoff/conversation-service.ts';
import { createTokenBucket } from '../realtime/token-bucket.ts';
import type { VisitorRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';

declare module 'fastify' {
  interface FastifyRequest {
    visitor?: VisitorRecord;
  }
}

const { visitorToken, clientId, fileName } = FILE_UPLOAD_HEADERS;
// The widget uploads from the customer's site, another origin; no cookies are involved, so any origin may.
const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST', 'access-control-allow-headers': `content-type, ${visitorToken}, ${clientId}, ${fileName}`, 'access-control-max-age': '600' };

function clientIdOf(request: FastifyRequest): string {
  const id = request.headers[clientId];
  if (typeof id !== 'string' || id.length === 0 || id.length > 100) throw new ServerError('BAD_REQUEST', `send a ${clientId} header (1 to 100 characters): a resend with the same one is stored once`);
  if (id.startsWith(REPLY_CLIENT_ID_PREFIX)) throw new ServerError('BAD_REQUEST', `${clientId} values starting with ${REPLY_CLIENT_ID_PREFIX} are reserved for the bot's replies`);
  return id;
}

const nameOf = (request: FastifyRequest) => (typeof request.headers[fileName] === 'string' ? (request.headers[fileName] as string) : undefined);

/**
 * Files in conversations: a visitor sends one with their visitor token, an agent with their login, each as
 * the raw request body (up to `maxFileBytes`); anyone holding a file's link can read it.
 */
export function registerFileRoutes(app: FastifyInstance, deps: { store: Store; conversations: ConversationService; requireAgent: (r: FastifyRequest) => Promise<void>; maxFileBytes: number; uploadsPerMinute?: number }) {
  const { maxFileBytes } = deps;
  const perMinute = deps.uploadsPerMinute ?? 10;
  const uploads = createTokenBucket({ burst: perMinute, perSecond: perMinute / 60 });

  // Checked before the body is read (onRequest), so a stranger's 10 MB is refused without being received.
  async function requireVisitor(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    void reply.headers(CORS);
    const token = request.headers[visitorToken];
    if (typeof token !== 'string' || !token) throw new ServerError('AUTH_REQUIRED', `send the visitor token (from the socket's session event) in ${visitorToken}`);
    const visitor = await deps.store.visitorByToken(token);
    if (!visitor) throw new ServerError('AUTH_BAD_TOKEN', 'unknown visitor token');
    if (visitor.blocked) throw new ServerError('VISITOR_BLOCKED', 'this visitor is blocked');
    if (!uploads.take(visitor.id)) throw new ServerError('RATE_LIMITED', `at most ${perMinute} files a minute`);
    request.visitor = visitor;
  }

  const upload = { tags: ['files'], consumes: ['application/octet-stream'], headers: { type: 'object', required: [clientId], properties: { [clientId]: { type: 'string' }, [fileName]: { type: 'string' } } } };
  void app.register(async (scope) => {
    // Here a body is the file itself, whatever its content type says.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxFileBytes }, (_request, body, done) => done(null, body));

    scope.options('/api/visitor/files', { schema: { hide: true } }, async (_request, reply) => reply.code(204).headers(CORS).send());
    scope.post('/api/visitor/files', {
      onRequest: requireVisitor,
      bodyLimit: maxFileBytes,
      schema: { ...upload, summary: `A visitor sends a picture or PDF into their conversation (body: the file; headers ${visitorToken}, ${clientId}, ${fileName}); the bot offers a person while it serves the conversation` },
    }, async (request): Promise<{ message: ChatMessage }> => {
      const file = checkUpload(request.body, nameOf(request), maxFileBytes);
      const { message, after } = await deps.conversations.visitorFile(request.visitor!, { clientId: clientIdOf(request), file });
      after.catch((error: unknown) => request.log.error(error));
      return { message };
    });
    scope.post('/api/conversations/:id/files', {
      onRequest: deps.requireAgent,
      bodyLimit: maxFileBytes,
      schema: { ...upload, security: [{ bearer: [] }], params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } } }, summary: `The agent who owns the conversation sends a picture or PDF (body: the file; headers ${clientId}, ${fileName})` },
    }, async (request): Promise<{ message: ChatMessage }> => {
      const file = checkUpload(request.body, nameOf(request), maxFileBytes);
      return { message: await deps.conversations.agentFile(request.agent!, { conversationId: (request.params as { id: string }).id, clientId: clientIdOf(request), file }) };
    });
  });

  app.get('/api/files/:id', { schema: { tags: ['files'], summary: 'A file sent in a conversation; the id is the permission', params: { type: 'object', properties: { id: { type: 'string', pattern: '^[\\w-]{1,100}$' } } } } }, async (request, reply) => {
    const file = await deps.store.fileById((request.params as { id: string }).id);
    if (!file) throw new ServerError('NOT_FOUND', 'no such file (or it was deleted after the retention period)');
    const disposition = file.mime.startsWith('image/') ? 'inline' : 'attachment';
    return reply
      .type(file.mime)
      .headers({
        'content-disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        'x-content-type-options': 'nosniff',
        // Shown on our origin, a file must not run anything there.
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, max-age=31536000, immutable',
        'cross-origin-resource-policy': 'cross-origin',
      })
      .send(file.bytes);
  });
}
