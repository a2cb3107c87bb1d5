import type { HandoffReason } from './messages.ts';

/** `GET /api/analytics?from=YYYY-MM-DD&to=YYYY-MM-DD[&tz=Asia/Shanghai][&channel=web]`: conversations in which the visitor said something. */
export interface AnalyticsReport {
  range: { from: string; to: string; tz: string; channel: string | null };
  totals: {
    conversations: number;
    botResolved: number;
    handedOff: number;
    botResolutionRate: number;
    handoffRate: number;
    firstResponseSeconds: { median: number | null; p90: number | null; average: number | null };
    waitSeconds: { median: number | null; p90: number | null };
    csat: { average: number | null; responses: number; distribution: Record<'1' | '2' | '3' | '4' | '5', number> };
    feedbackHelpfulRate: number | null;
  };
  daily: { day: string; conversations: number; botResolved: number; handedOff: number; csatAverage: number | null }[];
  handoffReasons: { reason: HandoffReason | 'unknown'; count: number }[];
  channels: { channel: string; conversations: number; handedOff: number; botResolutionRate: number; csatAverage: number | null }[];
  /** Hand-offs per agents' group (技能组), those with a group only: how long visitors waited and how they rated it. */
  groups: { group: string; handedOff: number; waitMedianSeconds: number | null; firstResponseMedianSeconds: number | null; csatAverage: number | null }[];
  topQuestions: { entryId: string; question: string; count: number }[];
  topUnanswered: { text: string; count: number }[];
}

/** `GET /api/unanswered/clusters`: unanswered questions grouped by meaning, with what could resolve them. */
export interface UnansweredCluster {
  /** Stable while its representative question is the same. */
  id: string;
  representative: string;
  count: number;
  /** `kinds`: how the bot failed on it: no-answer, suggest (unsure), not-helpful (voted down). */
  questions: { text: string; count: number; lastAt: string; kinds: string[] }[];
  /** The knowledge-base entries closest to the representative question (add the questions to one of them). */
  nearestEntries: { entryId: string; question: string; score: number }[];
  /** What agents answered these questions after a hand-off (a ready answer for a new entry). */
  agentAnswers: string[];
}

/** Proactive messages (主动服务): who gets one, and what the rules let through. */
export interface CampaignRequest {
  text: string;
  /** Visitors who carry every one of these interest tags. */
  tags: string[];
  /** Only visitors seen (a message) at least this many days ago: e.g. those who stopped attending. */
  inactiveDays?: number;
  /** Only visitors seen within this many days. */
  seenWithinDays?: number;
  channels?: string[];
  /** Count who would receive it without sending. */
  dryRun?: boolean;
}

export interface CampaignResult {
  campaignId: string;
  matched: number;
  sent: number;
  /** Why the others got nothing. */
  skipped: { optedOut: number; blocked: number; graylisted: number; frequencyCap: number; quietHours: number; outsideWindow: number; offline: number };
}

/** The scores from which the bot answers, offers "did you mean", and by how much the best entry must lead. */
export interface AnswerBars {
  answer: number;
  suggest: number;
  margin: number;
  /** From this score (up to answer) a question sharing a word with the best entry is answered; absent: answer. */
  sharedWord?: number;
}

/** `GET /api/bot/thresholds` (also what PUT and DELETE return). */
export interface AnswerBarsState {
  thresholds: AnswerBars;
  /** A bilingual knowledge base's bars for English questions (their scores run on a scale of their own): saved bars apply to every question, their `english` ones over them to English questions. */
  englishThresholds?: AnswerBars;
  configured: AnswerBars;
  saved: boolean;
  /** The saved bars' English ones, when they have them (saving bars without them forgets them). */
  savedEnglish?: AnswerBars;
}

/** `POST /api/bot/calibrate`: proposed bars, applied only once saved. */
export interface CalibrationProposal {
  queries: number;
  inScope: number;
  warnings: string[];
  current: { thresholds: AnswerBars; balancedAccuracy: number; accuracy: number };
  calibrated: { thresholds: AnswerBars; balancedAccuracy: number };
  /**
   * A bilingual knowledge base's English questions, calibrated on their own (their scores run on a scale of their
   * own); `current` and `calibrated` above then cover the other questions. Save both with `english` in PUT /api/bot/thresholds.
   */
  english?: { queries: number; inScope: number; current: { thresholds: AnswerBars; balancedAccuracy: number }; calibrated: { thresholds: AnswerBars; balancedAccuracy: number } };
  ranking: { in_scope_top1: number; recall_at_3: number };
}

/** `GET /api/bot/synonyms` (also what PUT and DELETE return): the table as written, its groups, the configured one. */
export interface SynonymTableState {
  text: string;
  groups: string[][];
  configured: string;
  saved: boolean;
  /** The bot is being rebuilt with a new table; the old one answers meanwhile. */
  rebuilding: boolean;
}

/** `GET /api/training-pairs`: a visitor's question whose answer they voted helpful, which the bot learns from. */
export interface TrainingPair {
  text: string;
  entryId: string;
  /** The voted answer: `DELETE /api/training-pairs/:messageId` keeps this pair out of training. */
  messageId: string;
  votedAt: string;
}

/** `POST /api/bot/calibrations` starts one; `GET /api/bot/calibrations/:id` follows it (any node; kept an hour). */
export interface CalibrationJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  /** Questions asked so far, of `total`. */
  done: number;
  total: number;
  result?: CalibrationProposal;
  error?: string;
}

/** An agent as `GET /api/agents` lists them (no password hash). */
export interface TeamMember {
  id: string;
  email: string;
  name: string;
  role: 'agent' | 'admin';
  /** Conversations they serve at once at most. */
  maxConversations: number;
  /** False: deactivated, cannot log in. */
  active: boolean;
  /** The groups (技能组) whose visitors they serve, e.g. ["sales"]; none: every visitor, whatever their group. */
  groups: string[];
}

/** A reply agents insert with one click (`/api/canned-replies`). */
export interface CannedReply {
  id: string;
  title: string;
  text: string;
}
