import { z } from 'zod';
import { isTimeZone, parseWorkingHours } from './handoff/working-hours.ts';
import { DEFAULT_FLOWS, DEFAULT_KNOWLEDGE, REPO_ROOT } from './paths.ts';

const share = z.coerce.number().min(0).max(1);
/** An unset or empty variable is undefined; anything else must parse. */
const optionalNumber = <T extends z.ZodTypeAny>(type: T) => z.preprocess((value) => (value === '' ? undefined : value), type.optional());

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  KNOWLEDGE: z.string().min(1).default(DEFAULT_KNOWLEDGE),
  /** true: seed from the KNOWLEDGE file's good rows, listing and skipping the bad ones, rather than refusing to start. */
  KNOWLEDGE_LENIENT: z.enum(['true', 'false']).default('false'),
  DATABASE_URL: z.string().url().optional(),
  /** Several nodes: Redis for socket.io fan-out and node news; needs DATABASE_URL (the shared store). */
  REDIS_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default(`${REPO_ROOT}.data/pglite`),
  JWT_SECRET: z.string().min(16).optional(),
  DEMO_AGENT_EMAIL: z.string().email().default('demo@example.com'),
  DEMO_AGENT_PASSWORD: z.string().min(8).default('demo1234'),
  NO_ANSWER_LIMIT: z.coerce.number().int().min(1).default(2),
  VISITOR_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** A conversation with the bot closes after this many minutes without a message (0: never), so a returning visitor starts a new one. */
  BOT_IDLE_MINUTES: z.coerce.number().min(0).max(100_000).default(30),
  /** A conversation with an agent closes after this many minutes in which neither side wrote (0: never), freeing the agent. */
  AGENT_IDLE_MINUTES: z.coerce.number().min(0).max(100_000).default(60),
  /** How often each node looks for new (or erased) "helpful" votes and retrains the bot on them, in minutes (0: only POST /api/retrain). */
  LEARN_FROM_VOTES_MINUTES: z.coerce.number().min(0).max(100_000).default(60),
  /** Largest picture or PDF a visitor or agent may send, in megabytes. */
  MAX_FILE_MB: z.coerce.number().positive().max(100).default(10),
  /** Pictures and PDFs older than this many days are deleted (0: kept as long as their conversation). */
  FILE_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
  /** "wechat=售后": the agents' group each channel's visitors are handed to (comma-separated channel=group pairs). */
  CHANNEL_GROUPS: z.string().regex(/^\s*[a-z0-9_-]+\s*=\s*[^,=]+(,\s*[a-z0-9_-]+\s*=\s*[^,=]+)*\s*$/, 'use channel=group pairs, e.g. wechat=售后').optional(),
  /** The address visitors and agents reach this server at (https://support.example.com): the console link in webhook alerts. */
  PUBLIC_URL: z.string().url().optional(),
  CONNECTIONS_PER_MINUTE_PER_IP: z.coerce.number().int().min(1).default(120),
  /** On SIGTERM/SIGINT, clients' connections are closed over this many seconds (they reconnect to another node) before the node stops. */
  DRAIN_SECONDS: z.coerce.number().min(0).max(600).default(5),
  LOG: z.enum(['true', 'false']).default('false'),
  /** 1 or true: an error that stops the start prints its stack too (as with LOG=true); otherwise one line. */
  DEBUG: z.string().optional(),
  /** e.g. "9-21" or "9:30-18:00": agents work from 9:00 to 21:00 (in TIME_ZONE); outside, visitors are offered to leave a message. */
  WORKING_HOURS: z.string().superRefine((text, context) => {
    const hours = parseWorkingHours(text);
    if (typeof hours === 'string') context.addIssue({ code: z.ZodIssueCode.custom, message: hours });
  }).optional(),
  /** The zone WORKING_HOURS are in, e.g. Asia/Shanghai; the server's own (TZ) when unset. */
  TIME_ZONE: z.string().refine(isTimeZone, 'use an IANA time zone, e.g. Asia/Shanghai').optional(),
  /** Comma-separated phrases that hand a visitor to a person, replacing the built-in list. */
  HANDOFF_KEYWORDS: z.string().optional(),
  /** Task flows (YAML); "off" turns them off. */
  FLOWS: z.string().min(1).default(DEFAULT_FLOWS),
  /** A folder with a text CNN from `pnpm chatbot train` (reranking; vector recall too unless the sentence encoder is in use). */
  MODEL_DIR: z.string().min(1).optional(),
  /** The pretrained English sentence encoder: auto (English knowledge bases), on, off, or a model folder. */
  SENTENCE_ENCODER: z.string().min(1).default('auto'),
  /** Fine-tune the sentence encoder's top layer on an English knowledge base (up to 5,000 questions): on or off. */
  FINE_TUNE_ENCODER: z.enum(['on', 'off']).default('on'),
  /** Rank a Chinese knowledge base's queries also on the sentence vectors of their English glosses (CC-CEDICT): on or off. */
  GLOSS_VECTORS: z.enum(['on', 'off']).default('on'),
  /** A synonym table (.txt: one group per line, the kept word first; or .json) applied to questions, answers and visitors' text; the demo's own with the demo knowledge base; "off" for none. */
  SYNONYMS: z.string().min(1).optional(),
  /** Share of an entry's score from the query's words found in its answer (0 ranks on the questions alone). */
  ANSWER_WEIGHT: optionalNumber(z.coerce.number().min(0).lt(1)),
  /** The bot answers from this score (0-1; default per knowledge-base language, see DEFAULT_THRESHOLDS). `pnpm chatbot calibrate` fits all three to your data. */
  ANSWER_THRESHOLD: optionalNumber(share),
  /** From this score, up to three "did you mean" entries are offered instead; below it, no answer. */
  SUGGEST_THRESHOLD: optionalNumber(share),
  /** The best entry must lead the runner-up by this much to be answered. */
  ANSWER_MARGIN: optionalNumber(share),
  /** A question sharing a word with the best entry is answered from this score (at most ANSWER_THRESHOLD; default per language, or ANSWER_THRESHOLD when only that is set). */
  SHARED_WORD_THRESHOLD: optionalNumber(share),
  /** A .json or .yaml small-talk corpus replacing the built-in one; "off" turns small talk off. */
  SMALL_TALK: z.string().min(1).optional(),
  /** Secret for widget identity verification: identify({ id, hmac }) with hmac = HMAC-SHA256(secret, id) in hex. */
  IDENTITY_SECRET: z.string().min(16).optional(),
  WECHAT_TOKEN: z.string().optional(),
  WECHAT_APP_ID: z.string().optional(),
  WECHAT_APP_SECRET: z.string().optional(),
  WECHAT_ENCODING_AES_KEY: z.string().optional(),
  WECHAT_API_BASE: z.string().url().optional(),
});

export type Config = z.infer<typeof schema>;

/** The environment holds a value the server cannot run with; the message names each variable and why. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The only place that reads the environment: validated once; a bad value stops the start with a clear message. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`invalid configuration:\n${problems}`);
  }
  if (parsed.data.REDIS_URL && !parsed.data.DATABASE_URL) throw new ConfigError('invalid configuration:\n  REDIS_URL: several nodes share one store: set DATABASE_URL (PostgreSQL) too');
  const { ANSWER_THRESHOLD: answer, SUGGEST_THRESHOLD: suggest, SHARED_WORD_THRESHOLD: sharedWord } = parsed.data;
  if (answer !== undefined && suggest !== undefined && suggest > answer) throw new ConfigError('invalid configuration:\n  SUGGEST_THRESHOLD: must not be above ANSWER_THRESHOLD (suggestions are offered below the answer bar)');
  if (answer !== undefined && sharedWord !== undefined && sharedWord > answer) throw new ConfigError('invalid configuration:\n  SHARED_WORD_THRESHOLD: must not be above ANSWER_THRESHOLD (it lowers the answer bar for questions sharing a word with the best entry)');
  return parsed.data;
}
