import type { FlowState } from './flows/flow-definition.ts';
import type { FlowEvent } from './flows/flow-engine.ts';
/** One FAQ entry: several ways to ask, one answer. */
export interface KnowledgeEntry {
  id: string;
  questions: string[];
  answer: string;
  /** Optional labels (e.g. "price", "refund") used for context and interest tags. */
  tags?: string[];
  /** Optional topic/attribute hints for multi-turn context. */
  topic?: string;
  attribute?: string;
  /** The agents' group (技能组, e.g. "售后") a visitor is handed to when they ask for a person after this answer. */
  group?: string;
}

/** A previous turn of the conversation, oldest first. */
export interface HistoryTurn {
  role: 'user' | 'bot';
  text: string;
  /** For bot turns: the entry that was answered. */
  entryId?: string;
}

export interface AskInput {
  text: string;
  history?: HistoryTurn[];
  /** The conversation's task-flow state from the previous turn (stored by the caller), if a flow is running. */
  flow?: FlowState | null;
}

/** One candidate entry with the scores that ranked it. */
export interface Candidate {
  entryId: string;
  /** The stored question that matched best. */
  question: string;
  lexical: number;
  vector: number;
  /** Final similarity in [0, 1]. */
  score: number;
}

/** One stage's record in the trace. */
export interface TraceEntry {
  stage: string;
  detail: Record<string, unknown>;
  ms: number;
}

export type Outcome =
  | { kind: 'answer'; entryId: string; text: string; confidence: number; candidates: Candidate[]; trace: TraceEntry[] }
  | { kind: 'suggest'; suggestions: { entryId: string; question: string; score: number }[]; confidence: number; candidates: Candidate[]; trace: TraceEntry[] }
  | { kind: 'no-answer'; reason: NoAnswerReason; confidence: number; candidates: Candidate[]; trace: TraceEntry[] }
  /** Greetings, thanks, goodbyes, "who are you", abuse: a reply from the small-talk corpus, not an FAQ answer. */
  | { kind: 'small-talk'; intent: string; text: string; confidence: number; candidates: Candidate[]; trace: TraceEntry[] }
  /** A task-flow turn: a prompt, an answer to an interruption, or the end of the flow; store `flow` for the next turn. */
  | { kind: 'flow'; flowId: string; event: FlowEvent; text: string; flow: FlowState | null; choices?: string[]; submitted?: Record<string, string>; confidence: number; candidates: Candidate[]; trace: TraceEntry[] };

export type NoAnswerReason = 'empty-input' | 'no-candidates' | 'low-confidence' | 'internal-error';

export interface Thresholds {
  /** At or above: answer. */
  answer: number;
  /** At or above (and below answer): suggest. Below: no-answer. */
  suggest: number;
  /** Answer only if the top score beats the runner-up entry by this margin; otherwise suggest. */
  margin: number;
  /**
   * At or above (up to `answer`): answer a question that shares a word with the best entry's questions or
   * answer, still clearing the margin ("短信一直发不过来" holds 短信: the SMS-code entry). Absent: `answer`.
   */
  sharedWord?: number;
}

/** Bars a user sets over the defaults; `english`: over those, for a bilingual knowledge base's English questions only. */
export type GivenThresholds = Partial<Thresholds> & { english?: Partial<Thresholds> };
