import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hashPassword } from '../auth/password.ts';
import { ServerError } from '../errors.ts';
import type { AgentRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { AgentPatch } from '../store/team-queries.ts';
import { noContent } from './response-docs.ts';

const publicAgent = ({ passwordHash: _hidden, chosenStatus: _live, ...agent }: AgentRecord) => agent;
const secured = [{ bearer: [] }];
const agentFields = {
  name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' },
  role: { type: 'string', enum: ['agent', 'admin'] },
  maxConversations: { type: 'integer', minimum: 1, maximum: 50 },
  password: { type: 'string', minLength: 8, maxLength: 200 },
  groups: { type: 'array', maxItems: 20, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 50, pattern: '\\S' } },
} as const;

/**
 * The team: agents (add, rename, change role or capacity, reset a password, deactivate) and the canned
 * replies they insert. Everyone may look; admins change. Two rules keep the service running: at least one
 * active admin remains, and an agent still serving visitors is not deactivated (their conversations would
 * have no one).
 */
export function registerTeamRoutes(app: FastifyInstance, deps: { store: Store; requireAgent: (r: FastifyRequest) => Promise<void>; requireAdmin: (r: FastifyRequest) => Promise<void>; disconnectAgent: (agentId: string) => Promise<void>; reassign: () => Promise<void>; agentsChanged: () => Promise<void> }) {
  const { store } = deps;
  const agent = { onRequest: deps.requireAgent };
  const admin = { onRequest: deps.requireAdmin };

  app.get('/api/agents', { ...agent, schema: { tags: ['agents'], security: secured, summary: 'Every agent (deactivated ones too), without password hashes' } }, async () => (await store.listAgents()).map(publicAgent));
  app.post('/api/agents', {
    ...admin,
    schema: { tags: ['agents'], security: secured, summary: 'Add an agent who can log in to the console', body: { type: 'object', required: ['email', 'name', 'password'], additionalProperties: false, properties: { email: { type: 'string', pattern: '^[^\\s@]+@[^\\s@]+$', maxLength: 200 }, ...agentFields } } },
  }, async (request) => {
    const body = request.body as { email: string; name: string; password: string; role?: 'agent' | 'admin'; maxConversations?: number; groups?: string[] };
    if (await store.agentByEmail(body.email)) throw new ServerError('BAD_REQUEST', 'an agent with that email exists');
    return publicAgent(await store.createAgent({ email: body.email, name: body.name, role: body.role ?? 'agent', passwordHash: await hashPassword(body.password), maxConversations: body.maxConversations ?? 5, groups: (body.groups ?? []).map((g) => g.trim()) }));
  });
  app.patch('/api/agents/:id', {
    ...admin,
    schema: {
      tags: ['agents'], security: secured, summary: 'Change an agent: name, role, capacity, a new password, or active (false: cannot log in, signed out everywhere)',
      params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } } },
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { ...agentFields, active: { type: 'boolean' } } },
    },
  }, async (request) => {
    const id = (request.params as { id: string }).id;
    const body = request.body as Omit<AgentPatch, 'passwordHash'> & { password?: string };
    const current = await store.agentById(id);
    if (!current) throw new ServerError('NOT_FOUND', 'no such agent');
    const losesAdmin = current.role === 'admin' && current.active && (body.role === 'agent' || body.active === false);
    if (losesAdmin && !(await store.listAgents()).some((a) => a.id !== id && a.role === 'admin' && a.active)) throw new ServerError('LAST_ADMIN', 'at least one active admin must remain: make someone else an admin first');
    if (body.active === false && current.active) {
      const serving = (await store.activeCounts()).get(id) ?? 0;
      if (serving > 0) throw new ServerError('AGENT_BUSY', `${current.name} still serves ${serving} conversation${serving > 1 ? 's' : ''}: transfer or close them first`);
    }
    const { password, ...rest } = body;
    const updated = await store.updateAgent(id, { ...rest, ...(rest.groups ? { groups: rest.groups.map((g) => g.trim()) } : {}), ...(password ? { passwordHash: await hashPassword(password) } : {}) });
    if (!updated) throw new ServerError('NOT_FOUND', 'no such agent');
    if (body.active === false) await deps.disconnectAgent(id);
    // New groups or more room: waiting visitors this agent now serves are given at once.
    if (body.groups || body.maxConversations) await deps.reassign();
    await deps.agentsChanged(); // consoles show the new name, capacity and groups (the transfer menu's groups)
    return publicAgent(updated);
  });

  app.get('/api/canned-replies', { ...agent, schema: { tags: ['agents'], security: secured } }, async () => store.cannedReplies());
  app.post('/api/canned-replies', {
    ...admin,
    schema: { tags: ['agents'], security: secured, summary: 'Add a canned reply, or change one (with its id)', body: { type: 'object', required: ['title', 'text'], additionalProperties: false, properties: { id: { type: 'string', minLength: 1, maxLength: 100 }, title: { type: 'string', minLength: 1, maxLength: 100 }, text: { type: 'string', minLength: 1, maxLength: 4000 } } } },
  }, async (request) => store.putCannedReply(request.body as { id?: string; title: string; text: string }));
  app.delete('/api/canned-replies/:id', { ...admin, schema: { tags: ['agents'], security: secured, params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } } }, response: noContent('deleted') } }, async (request, reply) => {
    if (!(await store.deleteCannedReply((request.params as { id: string }).id))) throw new ServerError('NOT_FOUND', 'no such canned reply');
    return reply.code(204).send();
  });
}
