import { normalizeText } from '../text/normalize-text.ts';
import { choiceLabel, choiceValue, type Bilingual, type FlowDefinition, type FlowState, type FlowStep, type StepTarget } from './flow-definition.ts';
import { correctionOf, wantsAChange } from './corrections.ts';
import { isCancel, isOpenQuestion, isQuestion, isRequest, replyIntent } from './reply-intent.ts';
import { formatDate, slotValue } from './slot-values.ts';

export type FlowEvent = 'started' | 'prompt' | 'interrupted' | 'invalid' | 'done' | 'cancelled' | 'failed';

export interface FlowReply {
  flowId: string;
  event: FlowEvent;
  text: string;
  /** The next state to store; null once the flow has ended. */
  state: FlowState | null;
  /** Quick replies for the current question (choices, or yes/no). */
  choices?: string[];
  /** The slots sent to the webhook at submit. */
  submitted?: Record<string, string>;
}

/** Calls a flow's webhook with its slots; resolves true on a 2xx answer. */
export type WebhookCaller = (webhook: NonNullable<FlowDefinition['webhook']>, body: { flowId: string; slots: Record<string, string> }) => Promise<boolean>;

export const fetchWebhook: WebhookCaller = async (webhook, body) => {
  try {
    const response = await fetch(webhook.url, { method: 'POST', headers: { 'content-type': 'application/json', ...webhook.headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(webhook.timeoutMs ?? 5000) });
    return response.ok;
  } catch {
    return false;
  }
};

const MAX_RETRIES = 3;
const YES_NO = { zh: ['是', '否'], en: ['Yes', 'No'] };
const INVALID = { zh: '抱歉，没有听懂，请再说一次。', en: "Sorry, I didn't get that. Please try again." };
const CHANGED = { zh: '好的，已修改。', en: "OK, I've changed that." };
const WHICH_TO_CHANGE = { zh: '请告诉我哪一项要改，例如“电话写错了”“改成周日”；不需要了请说“取消”。', en: "Tell me what to change, e.g. 'the phone number is wrong' or 'make it Sunday'; or say 'cancel'." };
/** Said when a flow ends after three answers it could not read: not the visitor's "cancel", so not its `cancelled`. */
const GAVE_UP = { zh: '抱歉，几次都没能听懂，这次先到这里。您可以随时重新开始，或发送“转人工”联系客服。', en: "Sorry, I still couldn't follow, so I've stopped here. You can start again any time, or ask for a person." };

/**
 * Runs task flows over stored state: every call takes the state and the visitor's text and returns the
 * reply and the next state, so the conversation can continue on any server node after any restart.
 */
export function createFlowEngine(flows: readonly FlowDefinition[], callWebhook: WebhookCaller = fetchWebhook) {
  const byId = new Map(flows.map((f) => [f.id, f]));
  const triggers = flows.flatMap((f) => f.triggers.map((t) => ({ flow: f, phrase: normalizeText(t) })));

  /** A flow's text in the visitor's language, with each {slot} filled in (a choice by its name in that language). */
  const sayIn = (flow: FlowDefinition) => (text: Bilingual, zh: boolean, slots: Record<string, string>) =>
    (typeof text === 'string' ? text : zh ? text.zh : text.en).replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = slots[name];
      if (value === undefined) return '';
      const step = flow.steps.find((s): s is Extract<FlowStep, { kind: 'slot' }> => s.kind === 'slot' && s.slot === name);
      if (step?.type === 'date') return formatDate(value, zh);
      const choice = step?.choices?.find((c) => choiceValue(c) === value);
      return choice === undefined ? value : choiceLabel(choice, zh);
    });

  /**
   * Moves to a target, saying what each step says on the way. `from`: the question answered last; when the
   * webhook fails the flow stays there with the answers kept, so saying yes again retries (three times at most).
   */
  async function go(flow: FlowDefinition, target: StepTarget | undefined, slots: Record<string, string>, zh: boolean, said: string[], event: FlowEvent, from?: FlowState): Promise<FlowReply> {
    const say = sayIn(flow);
    if (target === undefined || target === 'submit') {
      const ok = flow.webhook ? await callWebhook(flow.webhook, { flowId: flow.id, slots }) : true;
      if (ok) return { flowId: flow.id, event: 'done', text: [...said, say(flow.done, zh, slots)].join('\n'), state: null, submitted: slots };
      const failed = say(flow.failed ?? { zh: '抱歉，提交失败了，请稍后再试或转人工。', en: 'Sorry, that did not go through. Please try again later or ask for a person.' }, zh, slots);
      const failures = (from?.failures ?? 0) + 1;
      const retry = from && failures < MAX_RETRIES ? { ...from, slots, retries: 0, failures } : undefined;
      const step = retry && flow.steps.find((s) => s.id === retry.stepId);
      if (!retry || !step || step.kind === 'say') return { flowId: flow.id, event: 'failed', text: [...said, failed].join('\n'), state: null, submitted: slots };
      return { flowId: flow.id, event: 'failed', text: [...said, failed, say(step.prompt, zh, slots)].join('\n'), state: retry, submitted: slots, ...choicesOf(step, zh) };
    }
    if (target === 'cancel') return { flowId: flow.id, event: 'cancelled', text: [...said, say(flow.cancelled, zh, slots)].join('\n'), state: null };
    const step = flow.steps.find((s) => s.id === target)!;
    if (step.kind === 'say') return go(flow, step.next ?? following(flow, step), slots, zh, [...said, say(step.text, zh, slots)], event);
    return { flowId: flow.id, event, text: [...said, say(step.prompt, zh, slots)].join('\n'), state: { flowId: flow.id, stepId: step.id, slots, retries: 0, language: zh ? 'zh' : 'en' }, ...choicesOf(step, zh) };
  }

  /** A reply the step cannot use: say so and ask again, or after three in a row end the flow and say why. */
  function invalid(flow: FlowDefinition, step: Exclude<FlowStep, { kind: 'say' }>, state: FlowState, zh: boolean, prompt: string): FlowReply {
    if (state.retries + 1 >= MAX_RETRIES) return { flowId: flow.id, event: 'cancelled', text: zh ? GAVE_UP.zh : GAVE_UP.en, state: null };
    const said = step.kind === 'slot' && step.invalid ? sayIn(flow)(step.invalid, zh, state.slots) : zh ? INVALID.zh : INVALID.en;
    return { flowId: flow.id, event: 'invalid', text: `${said}\n${prompt}`, state: { ...state, retries: state.retries + 1 }, ...choicesOf(step, zh) };
  }

  function following(flow: FlowDefinition, step: FlowStep): StepTarget {
    const i = flow.steps.indexOf(step);
    return flow.steps[i + 1]?.id ?? 'submit';
  }

  function choicesOf(step: FlowStep, zh: boolean): { choices?: string[] } {
    if (step.kind === 'slot' && step.type === 'choice') return { choices: step.choices!.map((c) => choiceLabel(c, zh)) };
    if (step.kind === 'branch') return { choices: zh ? YES_NO.zh : YES_NO.en };
    return {};
  }

  return {
    /** The flow a message starts, if it contains one of its trigger phrases. */
    triggered(text: string): FlowDefinition | undefined {
      const normalized = normalizeText(text);
      return normalized && isRequest(text) ? triggers.find((t) => normalized.includes(t.phrase))?.flow : undefined;
    },
    start(flow: FlowDefinition, zh: boolean): Promise<FlowReply> {
      return go(flow, flow.steps[0]!.id, {}, zh, [], 'started');
    },
    /**
     * The visitor's reply inside a flow. A reply that fits neither the question nor "cancel" may be a
     * question: `answerFaq` answers it and the flow asks again (an interruption, then it resumes).
     */
    async continue(state: FlowState, text: string, answerFaq: (text: string) => Promise<string | undefined>): Promise<FlowReply | undefined> {
      const flow = byId.get(state.flowId);
      const step = flow?.steps.find((s) => s.id === state.stepId);
      if (!flow || !step || step.kind === 'say') return undefined; // the flow changed under a stored state: leave it
      const zh = state.language !== 'en';
      const say = sayIn(flow);
      if (isCancel(text)) return go(flow, 'cancel', state.slots, zh, [], 'cancelled');
      // An earlier answer to change ("电话写错了", "改成周日"): take the new value and ask this step again with it,
      // or ask that step again and then come back here.
      const fix = correctionOf(flow, state, text);
      if (fix?.value !== undefined) {
        const slots = { ...state.slots, [fix.step.slot]: fix.value };
        return { flowId: flow.id, event: 'prompt', text: `${zh ? CHANGED.zh : CHANGED.en}\n${say(step.prompt, zh, slots)}`, state: { ...state, slots, retries: 0 }, ...choicesOf(step, zh) };
      }
      if (fix) return { flowId: flow.id, event: 'prompt', text: say(fix.step.prompt, zh, state.slots), state: { ...state, stepId: fix.step.id, retries: 0, returnTo: state.returnTo ?? state.stepId }, ...choicesOf(fix.step, zh) };
      const prompt = say(step.prompt, zh, state.slots);
      if (step.kind === 'slot') {
        // A question holding a value ("孩子五年级可以吗") is answered if the knowledge base can; then a polite
        // "明天可以吗" still gives its value, while "数学和编程有什么区别" gives none.
        const answer = isQuestion(text) ? await answerFaq(text) : undefined;
        if (answer) return { flowId: flow.id, event: 'interrupted', text: `${answer}\n\n${prompt}`, state, ...choicesOf(step, zh) };
        const value = isOpenQuestion(text) ? undefined : slotValue(step, text);
        if (value !== undefined) return go(flow, state.returnTo ?? step.next ?? following(flow, step), { ...state.slots, [step.slot]: value }, zh, [], 'prompt', state);
        if (isQuestion(text)) return invalid(flow, step, state, zh, prompt);
      } else {
        // "不对" at a confirmation that would cancel: something given is wrong, so ask what rather than drop it all.
        if (step.negative === 'cancel' && Object.keys(state.slots).length > 0 && wantsAChange(text)) return { flowId: flow.id, event: 'prompt', text: `${zh ? WHICH_TO_CHANGE.zh : WHICH_TO_CHANGE.en}\n${prompt}`, state: { ...state, retries: 0 }, ...choicesOf(step, zh) };
        const intent = replyIntent(text);
        if (intent !== 'unknown') return go(flow, step[intent], state.slots, zh, [], 'prompt', state);
        if (step.unknown) return go(flow, step.unknown, state.slots, zh, [], 'prompt', state);
      }
      const answer = await answerFaq(text);
      if (answer) return { flowId: flow.id, event: 'interrupted', text: `${answer}\n\n${prompt}`, state, ...choicesOf(step, zh) };
      return invalid(flow, step, state, zh, prompt);
    },
  };
}
