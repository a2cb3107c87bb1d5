import type {} from '@fastify/swagger'; // adds tags/summary/security to route schemas
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { signToken, verifyToken } from '../auth/jwt.ts';
import { verifyPassword } from '../auth/password.ts';
import { ServerError } from '../errors.ts';
import type { AgentRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';

declare module 'fastify' {
  interface FastifyRequest {
    agent?: AgentRecord;
  }
}

/** `POST /api/auth/login` and the bearer-token guard every other `/api/*` route uses. */
export function registerAuth(app: FastifyInstance, deps: { store: Store; jwtSecret: string }): { requireAgent: (request: FastifyRequest) => Promise<void>; requireAdmin: (request: FastifyRequest) => Promise<void> } {
  app.post('/api/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Log an agent in; returns a bearer token for the API and the /agent socket namespace',
      body: { type: 'object', required: ['email', 'password'], properties: { email: { type: 'string', maxLength: 200 }, password: { type: 'string', maxLength: 200 } } },
    },
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
  }, async (request) => {
    const { email, password } = request.body as { email: string; password: string };
    const agent = await deps.store.agentByEmail(email);
    if (!agent || !(await verifyPassword(password, agent.passwordHash))) throw new ServerError('AUTH_BAD_CREDENTIALS', 'wrong email or password');
    if (!agent.active) throw new ServerError('AGENT_DISABLED', 'this account is deactivated; ask an admin');
    return { token: signToken({ sub: agent.id, role: agent.role, name: agent.name }, deps.jwtSecret), agent: { id: agent.id, name: agent.name, email: agent.email, role: agent.role } };
  });

  async function requireAgent(request: FastifyRequest): Promise<void> {
    // No token at all (no header, another scheme such as Basic, an empty Bearer): the caller has yet to log in.
    const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new ServerError('AUTH_REQUIRED', 'send Authorization: Bearer <token> (POST /api/auth/login)');
    const claims = verifyToken(token, deps.jwtSecret);
    const agent = claims && (await deps.store.agentById(claims.sub));
    if (!agent) throw new ServerError('AUTH_BAD_TOKEN', 'the token is invalid or expired; log in again');
    if (!agent.active) throw new ServerError('AGENT_DISABLED', 'this account is deactivated; ask an admin');
    request.agent = agent;
  }
  return {
    requireAgent,
    async requireAdmin(request) {
      await requireAgent(request);
      if (request.agent?.role !== 'admin') throw new ServerError('FORBIDDEN', 'this needs an admin');
    },
  };
}
