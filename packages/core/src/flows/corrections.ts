import type { FlowDefinition, FlowState, SlotType } from './flow-definition.ts';
import { mentions, slotValue, type SlotStep } from './slot-values.ts';

/** Words saying an earlier answer is to change: "电话写错了", "改成周日", "the phone number is wrong". */
const CHANGE = /(改|换|错|不对|更正|修正|重新|\bwrong\b|\bchange\b|\bmistake\b|\btypo\b|\binstead\b|\bactually\b|\bupdate\b|\bfix\b|\bmake it\b)/i;
/** Words holding a change word that say no change ("没错", "不错"; "改天" is another day). */
const NO_CHANGE = /没错|不错|对不对|改天/g;

/** Words that drop the whole thing: "不对，不要了" is no request to change an answer. */
const DROP = /(不要|不用|不需要|算了|不约|不想|\bcancel\b|\bdon'?t want\b|\bno thanks\b|\bforget it\b)/i;

function saysChange(text: string): boolean {
  return CHANGE.test(text.toLowerCase().replace(NO_CHANGE, ''));
}

/** Whether a reply says something given is wrong ("不对", "I made a mistake") and not that it is all off ("不对，不要了"). */
export function wantsAChange(text: string): boolean {
  return saysChange(text) && !DROP.test(text);
}

/** Words naming an answer of these types when its step names none of its own. */
const NAMES_BY_TYPE: Partial<Record<SlotType, string[]>> = {
  phone: ['电话', '手机', '号码', '联系方式', 'phone', 'number', 'mobile'],
  date: ['日期', '时间', '哪天', '日子', 'date', 'day', 'time'],
  'order-id': ['订单', '单号', 'order'],
};
/** Answers a new value alone identifies ("改成周日" is a date): not numbers or free text, which anything may hold. */
const TELLING_TYPES: SlotType[] = ['choice', 'date', 'phone', 'order-id'];

export interface Correction {
  step: SlotStep;
  /** The new value when the message gives it ("电话改成139…"); otherwise the step is asked again. */
  value?: string;
}

/**
 * An earlier answer the visitor wants to change, read from a reply at any later step: the answer they name
 * ("年龄写错了", "the phone number is wrong"), or the one a new value can only be for ("不对，是数学",
 * "change it to Sunday"). None when the reply says no change, names no answer given, or could mean two.
 */
export function correctionOf(flow: FlowDefinition, state: FlowState, text: string, now = new Date()): Correction | undefined {
  if (!saysChange(text)) return undefined;
  const lower = text.toLowerCase();
  const given = flow.steps.filter((s): s is SlotStep => s.kind === 'slot' && s.id !== state.stepId && state.slots[s.slot] !== undefined);
  const named = given.filter((s) => (s.names ?? NAMES_BY_TYPE[s.type] ?? []).some((n) => mentions(lower, n.toLowerCase())));
  const newValueFor = (s: SlotStep) => {
    const value = slotValue(s, text, now);
    return value !== undefined && value !== state.slots[s.slot] ? value : undefined;
  };
  const candidates = named.length > 0 ? named : given.filter((s) => TELLING_TYPES.includes(s.type) && newValueFor(s) !== undefined);
  if (candidates.length !== 1) return undefined;
  const step = candidates[0]!;
  const value = slotValue(step, text, now);
  return value === undefined ? { step } : { step, value };
}
