/** Text in both languages; a plain string is used for both. */
export type Bilingual = string | { zh: string; en: string };

export type SlotType = 'text' | 'number' | 'phone' | 'date' | 'order-id' | 'choice';

/**
 * One option of a choice: a plain string, or the option in both languages (shown in the flow's language) with
 * other words a visitor may use. The slot keeps `value` (default: `zh`) whichever language the visitor chose in.
 */
export type Choice = string | { zh: string; en: string; value?: string; aliases?: string[] };

export const choiceValue = (c: Choice): string => (typeof c === 'string' ? c : (c.value ?? c.zh));
export const choiceLabel = (c: Choice, zh: boolean): string => (typeof c === 'string' ? c : zh ? c.zh : c.en);
export const choiceNames = (c: Choice): string[] => (typeof c === 'string' ? [c] : [c.zh, c.en, ...(c.value ? [c.value] : []), ...(c.aliases ?? [])]);

/** Where a step goes next: another step's id, `submit` (webhook, then the done message) or `cancel`. */
export type StepTarget = string;

export type FlowStep =
  /** Ask for a value and keep it as `slot` once valid. */
  | {
      id: string; kind: 'slot'; slot: string; prompt: Bilingual; type: SlotType; choices?: Choice[]; integer?: boolean; pattern?: string; invalid?: Bilingual; next?: StepTarget;
      /** The bounds of a number, or of a date in days from today (`min: 1`: from tomorrow on). */
      min?: number;
      max?: number;
      /** Words naming this answer, so a visitor can change it later ("年龄写错了", "change the age"); phone, date and order-id slots have defaults. */
      names?: string[];
    }
  /** Ask a yes/no question and branch on the answer's intent (positive / negative / unknown), as outbound-call scripts do. */
  | { id: string; kind: 'branch'; prompt: Bilingual; positive: StepTarget; negative: StepTarget; unknown?: StepTarget }
  /** Say something and go on. */
  | { id: string; kind: 'say'; text: Bilingual; next?: StepTarget };

/**
 * A task flow (多轮交互任务), e.g. booking a trial lesson: started by a trigger phrase, it walks its steps,
 * fills slots, confirms, and calls an HTTP webhook with the slots at `submit`.
 */
export interface FlowDefinition {
  id: string;
  /** Phrases that start the flow when a message contains one. */
  triggers: string[];
  steps: FlowStep[];
  webhook?: { url: string; headers?: Record<string, string>; timeoutMs?: number };
  done: Bilingual;
  cancelled: Bilingual;
  /** Said when the webhook fails; the visitor can retry later or ask for a person. */
  failed?: Bilingual;
}

/** Where a conversation is in a flow: plain data, stored by the server with the conversation. */
export interface FlowState {
  flowId: string;
  stepId: string;
  slots: Record<string, string>;
  /** Invalid answers in a row at this step (after three the flow ends, so nobody is stuck). */
  retries: number;
  /** Webhook calls that failed from this step (the answers are kept, and saying yes again retries). */
  failures?: number;
  /** After a changed earlier answer ("电话写错了"), the step to go back to instead of the steps after it. */
  returnTo?: string;
  /** The language the flow speaks: the one the visitor started it in ("2" or "13812345678" say nothing about language). */
  language: 'zh' | 'en';
}
