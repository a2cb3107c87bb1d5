import { readConfig } from './config.ts';
import { startServer } from './start-server.ts';

const config = readConfig();
const server = await startServer({
  port: config.PORT,
  host: config.HOST,
  knowledge: config.KNOWLEDGE,
  ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { dataDir: config.DATA_DIR }),
  ...(config.JWT_SECRET ? { jwtSecret: config.JWT_SECRET } : {}),
  demoAgent: { email: config.DEMO_AGENT_EMAIL, password: config.DEMO_AGENT_PASSWORD, name: 'Demo Agent' },
  handoff: {
    noAnswerLimit: config.NO_ANSWER_LIMIT,
    ...(config.WORKING_HOURS ? { workingHours: { from: Number(config.WORKING_HOURS.split('-')[0]), to: Number(config.WORKING_HOURS.split('-')[1]) } } : {}),
    ...(config.HANDOFF_KEYWORDS ? { handoffKeywords: config.HANDOFF_KEYWORDS.split(',').map((k) => k.trim().toLowerCase()).filter(Boolean) } : {}),
  },
  ...(config.IDENTITY_SECRET ? { identitySecret: config.IDENTITY_SECRET } : {}),
  visitorMessagesPerMinute: config.VISITOR_MESSAGES_PER_MINUTE,
  connectionsPerMinutePerIp: config.CONNECTIONS_PER_MINUTE_PER_IP,
  logger: config.LOG === 'true',
});
const info = server.bot().info();
console.log(`chatbot server ready on ${server.url}  (knowledge: ${info.entries} entries; store: ${config.DATABASE_URL ? 'PostgreSQL' : `embedded, ${config.DATA_DIR}`})
  demo page      ${server.url}/
  agent console  ${server.url}/console   login ${config.DEMO_AGENT_EMAIL} / ${config.DEMO_AGENT_PASSWORD}
  API docs       ${server.url}/docs
  health         ${server.url}/health
PORT=${server.port}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close().then(() => process.exit(0), (error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
}
