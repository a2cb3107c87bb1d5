import { parseWorkingHours } from './handoff/working-hours.ts';
import { readFile } from 'node:fs/promises';
import { CoreError, loadSmallTalk, loadSynonyms, loadWinkWordVectors, parseFlows, parseSentenceEncoderChoice, readModelMeta } from '@chatbot/core';
import type { Channel } from '@chatbot/protocol';
import { ConfigError, readConfig, type Config } from './config.ts';
import { startServer, type RunningServer } from './start-server.ts';
import { startupFailure } from './lifecycle/startup-failure.ts';
import { backgroundTraining } from './bot/background-training.ts';
import { synonymsFileFor } from './synonyms-file.ts';

/**
 * Starts the server from the environment (see config.ts) and prints where everything is. Channels are
 * built by the caller from the validated config, so the server never imports a channel by name.
 */
export async function runFromEnvironment(options: { channels?: (config: Config) => Channel[] } = {}): Promise<RunningServer> {
  let config: Config | undefined;
  try {
    config = readConfig();
    return await run(config, options);
  } catch (error) {
    // A mistake in the configuration or a file it names is the operator's to fix: its message, not a stack trace.
    // Anything else (a port in use, a data folder it cannot write) in one line too, not thrown: an uncaught error
    // makes Node print the source line it was rethrown from, a line of minified TensorFlow.js tens of KB long.
    const verbose = config !== undefined && (config.LOG === 'true' || config.DEBUG === '1' || config.DEBUG === 'true');
    console.error(error instanceof ConfigError ? `chatbot: ${error.message}` : error instanceof CoreError ? `chatbot: ${withServerHint(error)}` : startupFailure(error, { port: config?.PORT, verbose }));
    process.exit(1);
  }
}

async function run(config: Config, options: { channels?: (config: Config) => Channel[] }): Promise<RunningServer> {
  const synonymsFile = synonymsFileFor(config);
  const channels = options.channels?.(config) ?? [];
  const server = await startServer({
    port: config.PORT,
    host: config.HOST,
    knowledge: config.KNOWLEDGE,
    knowledgeLenient: config.KNOWLEDGE_LENIENT === 'true',
    bot: {
      sentenceEncoder: parseSentenceEncoderChoice(config.SENTENCE_ENCODER),
      fineTuneEncoder: config.FINE_TUNE_ENCODER === 'on',
      glossVectors: config.GLOSS_VECTORS === 'on',
      ...(config.ANSWER_WEIGHT !== undefined ? { answerWeight: config.ANSWER_WEIGHT } : {}),
      thresholds: {
        ...(config.ANSWER_THRESHOLD !== undefined ? { answer: config.ANSWER_THRESHOLD } : {}),
        ...(config.SUGGEST_THRESHOLD !== undefined ? { suggest: config.SUGGEST_THRESHOLD } : {}),
        ...(config.ANSWER_MARGIN !== undefined ? { margin: config.ANSWER_MARGIN } : {}),
        ...(config.SHARED_WORD_THRESHOLD !== undefined ? { sharedWord: config.SHARED_WORD_THRESHOLD } : {}),
      },
      ...(synonymsFile ? { synonyms: await loadSynonyms(synonymsFile) } : {}),
      ...(config.FLOWS === 'off' ? {} : { flows: parseFlows(await readFile(config.FLOWS, 'utf8')) }),
      ...(config.MODEL_DIR ? { model: config.MODEL_DIR, ...((await readModelMeta(config.MODEL_DIR))?.wordVectorsId ? { wordVectors: await loadWinkWordVectors() } : {}) } : {}),
    },
    ...(config.SMALL_TALK ? { smallTalk: config.SMALL_TALK === 'off' ? [] : await loadSmallTalk(config.SMALL_TALK) } : {}),
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { dataDir: config.DATA_DIR }),
    ...(config.JWT_SECRET ? { jwtSecret: config.JWT_SECRET } : {}),
    ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
    demoAgent: { email: config.DEMO_AGENT_EMAIL, password: config.DEMO_AGENT_PASSWORD, name: 'Demo Agent' },
    handoff: {
      noAnswerLimit: config.NO_ANSWER_LIMIT,
      ...(config.WORKING_HOURS ? { workingHours: { ...(parseWorkingHours(config.WORKING_HOURS) as { from: number; to: number }), ...(config.TIME_ZONE ? { timeZone: config.TIME_ZONE } : {}) } } : {}),
      ...(config.HANDOFF_KEYWORDS ? { handoffKeywords: config.HANDOFF_KEYWORDS.split(',').map((k) => k.trim().toLowerCase()).filter(Boolean) } : {}),
    },
    ...(config.IDENTITY_SECRET ? { identitySecret: config.IDENTITY_SECRET } : {}),
    visitorMessagesPerMinute: config.VISITOR_MESSAGES_PER_MINUTE,
    maxFileBytes: Math.round(config.MAX_FILE_MB * 1024 * 1024),
    fileRetention: { days: config.FILE_RETENTION_DAYS },
    learnFromVotesEveryMs: config.LEARN_FROM_VOTES_MINUTES * 60_000,
    idle: { botMs: config.BOT_IDLE_MINUTES * 60_000, agentMs: config.AGENT_IDLE_MINUTES * 60_000 },
    connectionsPerMinutePerIp: config.CONNECTIONS_PER_MINUTE_PER_IP,
    ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
    ...(config.CHANNEL_GROUPS ? { channelGroups: Object.fromEntries(config.CHANNEL_GROUPS.split(',').map((pair) => pair.split('=').map((s) => s.trim()) as [string, string])) } : {}),
    channels,
    logger: config.LOG === 'true',
  });
  const info = server.bot().info();
  const knowledge = server.knowledgeSeeded ? `${info.entries} entries from ${config.KNOWLEDGE}` : `${info.entries} entries kept in the store, KNOWLEDGE only seeds an empty one`;
  console.log(`chatbot server ready on ${server.url}  (knowledge: ${knowledge}; store: ${config.DATABASE_URL ? 'PostgreSQL' : `embedded, ${config.DATA_DIR}`})
  demo page      ${server.url}/
  agent console  ${server.url}/console   login ${config.DEMO_AGENT_EMAIL} / ${config.DEMO_AGENT_PASSWORD}
  dashboard      ${server.url}/dashboard (operators: knowledge base, unanswered questions, analytics, proactive messages)
  API docs       ${server.url}/docs
  health         ${server.url}/health${channels.map((c) => `\n  channel        ${server.url}/${c.name}`).join('')}
PORT=${server.port}`);
  const skipped = server.knowledgeProblems;
  if (skipped.length > 0) console.warn(`chatbot: KNOWLEDGE_LENIENT=true: skipped ${new Set(skipped.map((p) => p.line)).size} bad row(s) of ${config.KNOWLEDGE}:\n${skipped.slice(0, 20).map((p) => `  line ${p.line}: ${p.message}`).join('\n')}${skipped.length > 20 ? `\n  … and ${skipped.length - 20} more` : ''}`);
  if (info.training) {
    const lines = backgroundTraining(info.reranker);
    console.log(`chatbot: ${lines.started}`);
    server
      .bot()
      .trained()
      .then(
        () => console.log(`chatbot: ${lines.done}`),
        (error: unknown) => console.error(`chatbot: ${lines.failed}:`, error),
      );
  }
  stopOnSignal(server, config.DRAIN_SECONDS * 1000);
  return server;
}

/** The first SIGTERM/SIGINT drains and stops the node; a second one, or a drain that hangs, stops it at once. */
function stopOnSignal(server: RunningServer, drainMs: number): void {
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`draining: closing connections over ${drainMs / 1000} s, then stopping`);
    setTimeout(() => {
      console.error(`stopping did not finish in ${drainMs / 1000 + 30} s; it was waiting for ${server.closingStep() ?? 'nothing yet'}`);
      process.exit(1);
    }, drainMs + 30_000).unref();
    server.close({ drainMs }).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** A bad knowledge file's message with the server's way to skip its bad rows in place of core's hint (a library option). */
function withServerHint(error: CoreError): string {
  if (error.code !== 'CORE_KB_INVALID') return error.message;
  return `${error.message.replace(/\n\([^()\n]*lenient[^()\n]*\)$/, '')}\n(set KNOWLEDGE_LENIENT=true to start with the good rows: the bad ones are skipped and listed)`;
}
