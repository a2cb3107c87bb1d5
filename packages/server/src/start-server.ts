import { loadKnowledge, type Bot, type BotOptions, type KnowledgeEntry, type KnowledgeProblem, type SmallTalkIntent } from '@chatbot/core';
import { AGENT_NAMESPACE, VISITOR_NAMESPACE, type Channel, type ChatMessage } from '@chatbot/protocol';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import { randomBytes } from 'node:crypto';
import { Server } from 'socket.io';
import { hashPassword } from './auth/password.ts';
import { createConversationService, type Emitter, type HandoffSettings } from './handoff/conversation-service.ts';
import { createPresence } from './handoff/presence.ts';
import { createQueueNews } from './handoff/queue-news.ts';
import { onHoursChange } from './handoff/working-hours.ts';
import { DEFAULT_IDLE, startIdleSweeper, type IdleSettings } from './handoff/idle-sweeper.ts';
import { DEFAULT_WAITING_QUESTIONS, startWaitingQuestionsSweeper, type WaitingQuestionSettings } from './handoff/waiting-questions-sweeper.ts';
import { closeHttpServer } from './lifecycle/close-http-server.ts';
import { drainConnections } from './lifecycle/drain-connections.ts';
import { createInFlight } from './lifecycle/in-flight.ts';
import { clusterPrefix, connectClusterBus } from './cluster/cluster-bus.ts';
import { joinCluster } from './cluster/join-cluster.ts';
import { registerAdminRoutes } from './http/admin-routes.ts';
import { registerAnalyticsRoutes } from './http/analytics-routes.ts';
import { registerThresholdsRoutes } from './http/thresholds-routes.ts';
import { registerSynonymsRoutes } from './http/synonyms-routes.ts';
import { registerCalibrationRoutes } from './http/calibration-routes.ts';
import { createThresholdsKeeper } from './bot/thresholds-keeper.ts';
import { createBotHolder } from './bot/bot-holder.ts';
import { createSynonymsKeeper } from './bot/synonyms-keeper.ts';
import { createCalibrationJobs } from './bot/calibration-jobs.ts';
import { registerKnowledgeOpsRoutes } from './http/knowledge-ops-routes.ts';
import { registerProactiveRoutes } from './http/proactive-routes.ts';
import { registerFileRoutes } from './http/file-routes.ts';
import { registerTeamRoutes } from './http/team-routes.ts';
import { registerWebhookRoutes } from './http/webhook-routes.ts';
import { createWebhookNotifier } from './webhooks/webhook-notifier.ts';
import { DEFAULT_WEBHOOK_SETTINGS, startWebhookSender, type WebhookSettings } from './webhooks/webhook-sender.ts';
import { DEFAULT_MAX_FILE_BYTES } from './files/uploaded-file.ts';
import { startFileRetention } from './files/file-retention.ts';
import { DEFAULT_BODY_LIMIT } from './http/body-limits.ts';
import { setErrorReplies } from './http/error-replies.ts';
import { validatorCompiler } from './http/validator-compiler.ts';
import { cachedRules } from './proactive/cached-rules.ts';
import { createCampaignSender } from './proactive/send-campaign.ts';
import { startLearningFromVotes } from './bot/learning-from-votes.ts';
import { createKnowledgeEditor } from './knowledge/knowledge-editor.ts';
import { registerAuth } from './http/auth-routes.ts';
import { createBundle } from './http/bundles.ts';
import { consoleShell, dashboardShell, demoPage } from './http/demo-page.ts';
import { FAVICON_SVG } from './http/favicon.ts';
import { storableText } from './store/storable-text.ts';
import { createMetrics } from './http/metrics.ts';
import { mountChannels } from './channels/mount-channels.ts';
import { CONSOLE_ENTRY, DASHBOARD_ENTRY, WIDGET_ENTRY } from './paths.ts';
import { mountAgentNamespace } from './realtime/agent-namespace.ts';
import { mountVisitorNamespace } from './realtime/visitor-namespace.ts';
import { isVisitorOnline } from './realtime/visitor-presence.ts';
import { releasableSessionAdapters } from './realtime/releasable-session-adapters.ts';
import { createStore } from './store/store.ts';

type Cluster = Awaited<ReturnType<typeof joinCluster>>;

export interface ServerOptions {
  port?: number;
  host?: string;
  /** A knowledge-base file or entries; used to seed the store on first start (the store's copy wins after). */
  knowledge: string | readonly KnowledgeEntry[];
  /** Seed from a knowledge file's good rows, skipping the bad ones (listed in `knowledgeProblems`), rather than refusing to start. */
  knowledgeLenient?: boolean;
  databaseUrl?: string;
  /** PostgreSQL schema (tests). */
  databaseSchema?: string;
  /** Redis for several server nodes (socket.io Redis adapter + presence and knowledge-base news); use with a shared PostgreSQL `databaseUrl`. */
  redisUrl?: string;
  /** With `redisUrl`: how often this node re-reads the knowledge base, answer bars and synonym table for changes it missed (default 60 s). */
  clusterReconcileMs?: number;
  /** How long socket.io keeps a dropped connection's missed events to replay when it comes back (default 2 minutes); a widget away longer fetches them with `history`. */
  connectionRecoveryMs?: number;
  /** Bot options passed through to core (a trained model folder, word vectors); `trainInBackground` defaults to true here, so the server answers while the sentence encoder is fine-tuned. */
  bot?: Pick<BotOptions, 'model' | 'wordVectors' | 'sentenceEncoder' | 'fineTuneEncoder' | 'glossVectors' | 'answerWeight' | 'thresholds' | 'synonyms' | 'trainInBackground' | 'trainCnn' | 'flows' | 'callWebhook'>;
  /** Replaces the built-in small-talk corpus ([] turns small talk off). */
  smallTalk?: readonly SmallTalkIntent[];
  /** Embedded database folder; undefined = in memory. */
  dataDir?: string;
  jwtSecret?: string;
  demoAgent?: { email: string; password: string; name?: string };
  handoff?: Partial<HandoffSettings>;
  /** Verifies widget identities: hmac = HMAC-SHA256(identitySecret, id). Without it identities are ignored. */
  identitySecret?: string;
  /** Visitor messages per minute before RATE_LIMITED (an IP may send five times as many). */
  visitorMessagesPerMinute?: number;
  /** When quiet conversations close (default: 30 min with the bot, 60 with an agent; 0 = never). */
  idle?: Partial<IdleSettings>;
  /** When a connected visitor's unanswered question is answered by their node (default: after 3 s, looked for every second). */
  waitingQuestions?: Partial<WaitingQuestionSettings>;
  /** Largest file a visitor or agent may send (default 10 MB). */
  maxFileBytes?: number;
  /** How often (default 1 h) each node looks for "helpful" votes cast or erased since, and retrains its bot on them; 0: only `POST /api/retrain`. */
  learnFromVotesEveryMs?: number;
  /** Files older than this many days are deleted (default 0: kept as long as their conversation); `everyMs` how often to look (an hour). */
  fileRetention?: { days: number; everyMs?: number };
  /** New visitor connections per minute per IP address. */
  connectionsPerMinutePerIp?: number;
  /** Webhook retries and timeouts (defaults: DEFAULT_WEBHOOK_SETTINGS). */
  webhooks?: Partial<WebhookSettings>;
  /** The address people reach this server at; webhook alerts link to its console. */
  publicUrl?: string;
  channels?: Channel[];
  /** The agents' group each channel's visitors are handed to, e.g. { wechat: '售后' } (CHANNEL_GROUPS). */
  channelGroups?: Readonly<Record<string, string>>;
  widgetEntry?: string;
  consoleEntry?: string;
  dashboardEntry?: string;
  logger?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  bot(): Bot;
  /**
   * Stops the node. With `drainMs`, it first stops accepting connections, closes its clients' transports
   * spread over that time (they reconnect to another node) and waits for accepted work to finish.
   */
  close(options?: { drainMs?: number }): Promise<void>;
  /** What a close in progress is waiting for ("the store"), so a stop that hangs can say where. */
  closingStep(): string | undefined;
  /** True when this start seeded an empty store from `knowledge`; false when the store already held a knowledge base (which wins). */
  knowledgeSeeded: boolean;
  /** The bad rows of the knowledge file skipped when seeding with `knowledgeLenient`, by line. */
  knowledgeProblems: KnowledgeProblem[];
}

/**
 * Starts the chat server: fastify for HTTP, socket.io for visitors and agents, the bot from core,
 * and a store (embedded PGlite by default, PostgreSQL with `databaseUrl`).
 *
 * @example const server = await startServer({ port: 0, knowledge: 'examples/demo/kb.jsonl' });
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const store = await createStore({ ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}), ...(options.databaseSchema ? { schema: options.databaseSchema } : {}), ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  let stored = await store.knowledgeEntries();
  const knowledgeSeeded = stored.length === 0;
  let knowledgeProblems: KnowledgeProblem[] = [];
  if (knowledgeSeeded) {
    const loaded = typeof options.knowledge === 'string' ? await loadKnowledge(options.knowledge, { lenient: options.knowledgeLenient ?? false }) : { entries: [...options.knowledge], problems: [] };
    const seed = loaded.entries;
    knowledgeProblems = loaded.problems;
    for (const entry of seed) await store.putKnowledgeEntry(entry);
    stored = seed;
  }
  const synonyms = createSynonymsKeeper({ store, configured: options.bot?.synonyms ?? [], rebuild: (groups) => holder.rebuild(groups), rebuilding: () => holder.rebuilding(), changed: () => cluster?.synonymsChanged() });
  let unreadableSynonyms: unknown;
  const holder = await createBotHolder({
    store,
    knowledge: stored,
    options: { trainInBackground: true, ...options.bot, learnedPairs: () => store.confirmedPairs(), ...(options.smallTalk ? { smallTalk: options.smallTalk } : {}) },
    synonyms: await synonyms.initial((error) => (unreadableSynonyms = error)),
  });
  const bot = holder.bot;
  const jwtSecret = options.jwtSecret ?? (await store.settingIfAbsent('jwt-secret', randomBytes(32).toString('hex')));
  if (options.demoAgent && !(await store.agentByEmail(options.demoAgent.email))) {
    await store.createAgent({ email: options.demoAgent.email, name: options.demoAgent.name ?? 'Demo Agent', role: 'admin', passwordHash: await hashPassword(options.demoAgent.password), maxConversations: 5 });
    await store.putCannedReply({ id: 'greeting', title: '问候 / Greeting', text: '您好，我是人工客服，请问有什么可以帮您？ / Hello, how can I help you?' });
  }

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: DEFAULT_BODY_LIMIT });
  if (unreadableSynonyms) app.log.warn({ err: unreadableSynonyms }, 'the saved synonym table does not read; using the configured one');
  // Unknown fields are refused where a schema says so (additionalProperties: false), not silently dropped; body values are not coerced.
  app.setValidatorCompiler(validatorCompiler);
  // NULs and lone surrogates cannot be stored (PostgreSQL): made storable in every JSON or text body before it is validated.
  app.addHook('preValidation', async (request) => {
    if (typeof request.body === 'string' || (request.body && typeof request.body === 'object' && !Buffer.isBuffer(request.body))) request.body = storableText(request.body);
  });
  const metrics = createMetrics();
  setErrorReplies(app);
  app.addContentTypeParser(['text/plain', 'application/x-ndjson', 'text/csv', 'application/yaml', 'text/yaml', 'text/xml', 'application/xml'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  await app.register(rateLimit, { max: 300, timeWindow: '1 minute' });
  await app.register(swagger, { openapi: { info: { title: 'Chatbot server API', version: '0.1.0' }, components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } } } });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const sessionAdapters = releasableSessionAdapters();
  const io = new Server(app.server, { maxHttpBufferSize: 64 * 1024, adapter: sessionAdapters.adapter, connectionStateRecovery: { maxDisconnectionDuration: options.connectionRecoveryMs ?? 2 * 60 * 1000 }, cors: { origin: true } });
  let cluster: Cluster | undefined;
  const presence = createPresence({
    onChange: () => {
      void cluster?.announce();
      queueNews.changed(); // an agent came, left or changed their status: the waiting visitors' wait changed
    },
  });
  let deliverToChannel: ((conversationId: string, message: ChatMessage) => Promise<void>) | undefined;
  const emit: Emitter = {
    toVisitor: (conversationId, event, ...args) => {
      io.of('/visitor').to(`c:${conversationId}`).emit(event, ...args);
      if (event === 'message' && deliverToChannel) deliverToChannel(conversationId, args[0] as ChatMessage).catch((error: unknown) => app.log.error(error));
    },
    toAgents: (event, ...args) => {
      if (event === 'message') metrics.messages.inc({ type: (args[0] as { type: string }).type });
      io.of('/agent').emit(event, ...args);
    },
  };
  const log = (error: unknown) => app.log.error(error);
  const inFlight = createInFlight();
  let closing: string | undefined;
  let draining = false;
  const webhookSender = startWebhookSender({ store, log, settings: { ...DEFAULT_WEBHOOK_SETTINGS, ...(options.publicUrl ? { consoleUrl: `${options.publicUrl.replace(/\/$/, '')}/console` } : {}), ...options.webhooks } });
  const webhooks = createWebhookNotifier({ store, wake: webhookSender.wake, log, changed: () => cluster?.webhooksChanged() });
  const isOnline = (visitorId: string) => isVisitorOnline(io, visitorId);
  const queueNews = createQueueNews({ store, status: (conversation) => conversations.status(conversation), emit, log, track: inFlight.track });
  const conversations = createConversationService({ store, bot, presence, emit, inFlight, webhooks, queueChanged: queueNews.changed, isVisitorOnline: isOnline, proactiveRules: cachedRules(store), crossNodeLock: (name, work) => (cluster ? cluster.withLock(name, work) : work()), settings: { noAnswerLimit: 2, averageHandleSeconds: 180, ...options.handoff } });
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  mountVisitorNamespace(io, { store, conversations, log, maxFileBytes, messagesPerMinute: options.visitorMessagesPerMinute ?? 30, connectionsPerMinute: options.connectionsPerMinutePerIp ?? 120, inFlight, ...(options.identitySecret ? { identitySecret: options.identitySecret } : {}) });
  const agentNamespace = mountAgentNamespace(io, { store, conversations, presence, jwtSecret, log, inFlight });
  const thresholds = createThresholdsKeeper({ store, bot, changed: () => cluster?.thresholdsChanged() });
  await thresholds.load();
  if (options.redisUrl) {
    // News of a change can be missed (Redis pub/sub delivers at most once): every so often each node re-reads the store.
    const reconcile = async () => {
      await thresholds.load();
      await synonyms.load();
      await holder.catchUp();
    };
    // A cluster is the nodes sharing one store (REDIS_URL needs DATABASE_URL); their Redis keys are theirs alone.
    const prefix = clusterPrefix({ databaseUrl: options.databaseUrl ?? `embedded:${options.dataDir ?? 'memory'}`, ...(options.databaseSchema ? { schema: options.databaseSchema } : {}) });
    cluster = await joinCluster(await connectClusterBus(options.redisUrl, prefix), {
      io, presence, store, bot, log, reconcile, exclusive: holder.exclusive,
      onPresence: () => void conversations.autoAssign().catch(log),
      reloadThresholds: thresholds.load,
      reloadSynonyms: synonyms.load,
      webhooksChanged: webhooks.invalidate,
      ...(options.clusterReconcileMs ? { reconcileMs: options.clusterReconcileMs } : {}),
    });
  }

  const auth = registerAuth(app, { store, jwtSecret });
  const editor = createKnowledgeEditor({ store, bot, exclusive: holder.exclusive, ...(cluster ? { knowledgeChanged: cluster.knowledgeChanged } : {}) });
  const disconnectVisitor = async (visitorId: string) => void io.of(VISITOR_NAMESPACE).in(`v:${visitorId}`).disconnectSockets(true);
  registerAdminRoutes(app, { store, bot, conversations, editor, disconnectVisitor, retrainOtherNodes: () => cluster?.retrainOtherNodes(), ...auth });
  const disconnectAgent = async (agentId: string) => {
    for (const socket of await io.of(AGENT_NAMESPACE).fetchSockets()) if ((socket.data as { agent?: { id: string } }).agent?.id === agentId) socket.disconnect(true);
  };
  registerTeamRoutes(app, { store, disconnectAgent, reassign: conversations.autoAssign, agentsChanged: agentNamespace.broadcastAgents, ...auth });
  registerWebhookRoutes(app, { store, sender: webhookSender, notifier: webhooks, requireAdmin: auth.requireAdmin });
  registerKnowledgeOpsRoutes(app, { store, bot, editor, ...auth });
  registerAnalyticsRoutes(app, { store, bot, ...auth });
  registerThresholdsRoutes(app, { thresholds, ...auth });
  registerSynonymsRoutes(app, { synonyms, ...auth });
  registerFileRoutes(app, { store, conversations, requireAgent: auth.requireAgent, maxFileBytes });
  registerCalibrationRoutes(app, { bot, calibrations: createCalibrationJobs({ kv: store.kv, log }), ...auth });
  registerProactiveRoutes(app, { store, sendCampaign: createCampaignSender({ store, conversations, isOnline }), ...auth });
  const widget = createBundle(options.widgetEntry ?? WIDGET_ENTRY, 'iife');
  const agentConsole = createBundle(options.consoleEntry ?? CONSOLE_ENTRY, 'esm');
  const dashboard = createBundle(options.dashboardEntry ?? DASHBOARD_ENTRY, 'esm');
  app.get('/health', { schema: { tags: ['ops'], response: { 200: { description: 'serving: { status: ok, store, bot }' }, 503: { description: 'draining before a stop: { status: draining, … }; send traffic elsewhere' } } } }, async (_request, reply) => reply.code(draining ? 503 : 200).send({ status: draining ? 'draining' : 'ok', store: store.kind, bot: bot().info() }));
  app.get('/metrics', { schema: { tags: ['ops'], summary: 'Prometheus metrics (text exposition format)', produces: ['text/plain'], response: { 200: { description: 'the metrics', type: 'string' } } } }, async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(demoPage()));
  for (const path of ['/favicon.svg', '/favicon.ico']) app.get(path, { schema: { hide: true } }, async (_request, reply) => reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(FAVICON_SVG));
  app.get('/widget.js', { schema: { hide: true } }, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(await widget.get()));
  app.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(consoleShell()));
  app.get('/dashboard', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(dashboardShell()));
  app.get('/dashboard.js', { schema: { hide: true } }, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(await dashboard.get()));
  app.get('/console.js', { schema: { hide: true } }, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(await agentConsole.get()));
  deliverToChannel = await mountChannels(app, options.channels ?? [], { store, conversations, emitToAgents: emit.toAgents, maxFileBytes, ...(options.channelGroups ? { channelGroups: options.channelGroups } : {}) });

  await app.listen({ port: options.port ?? 3000, host: options.host ?? '127.0.0.1' });
  const fileRetention = startFileRetention({ store, log, days: options.fileRetention?.days ?? 0, ...(options.fileRetention?.everyMs ? { everyMs: options.fileRetention.everyMs } : {}) });
  const learning = startLearningFromVotes({ store, bot, everyMs: options.learnFromVotesEveryMs ?? 3_600_000, log });
  const idle = startIdleSweeper({ store, conversations, log, settings: { ...DEFAULT_IDLE, ...options.idle } });
  const connectedVisitors = () => [...io.of(VISITOR_NAMESPACE).sockets.values()].flatMap((socket) => (socket.data as { visitor?: { id: string } }).visitor?.id ?? []);
  const waitingQuestions = startWaitingQuestionsSweeper({ conversations, connectedVisitors, log, settings: { ...DEFAULT_WAITING_QUESTIONS, ...options.waitingQuestions } });
  const hoursNews = onHoursChange(options.handoff?.workingHours, queueNews.changed);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 3000);
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return {
    url: `http://${host}:${port}`,
    port,
    bot,
    async close({ drainMs }: { drainMs?: number } = {}) {
      const step = async (name: string, work: () => unknown) => {
        closing = name;
        await work();
      };
      if (drainMs !== undefined) {
        draining = true;
        app.server.close(); // no new connections; the open ones are closed below
        await step('draining connections', () => drainConnections(io, [VISITOR_NAMESPACE, AGENT_NAMESPACE], drainMs));
        await step('unfinished tasks', async () => {
          if (!(await inFlight.settled(10_000))) app.log.warn(`stopping with ${inFlight.size} unfinished tasks`);
        });
      }
      hoursNews.stop();
      await step('the idle-conversation timer', () => idle.stop());
      await step('the waiting-questions sweep', () => waitingQuestions.stop());
      await step('file retention', () => fileRetention.stop());
      await step('learning from votes', () => learning.stop());
      await step('webhook deliveries', () => webhookSender.stop());
      await step('leaving the cluster', () => cluster?.leave());
      io.close();
      await step('the HTTP server', () => closeHttpServer(app));
      sessionAdapters.release();
      await step('the cluster bus', () => cluster?.close());
      await step('the store', () => store.close());
      closing = 'stopped';
    },
    closingStep: () => closing,
    knowledgeSeeded,
    knowledgeProblems,
  };
}
