import type { FlowDefinition, FlowState, SlotType } from './flow-definition.ts';
import { mentions, slotValue, type SlotStep } from './slot-values.ts';

/** Words saying an earlier answer is to change: "电话写错了", "改成周日", "the phone number is wrong". */
const CHANGE = /(改|换|错|不对|更正|修正|重新|\bwrong\b|\bchange\b|\bmistake\b|\btypo\b|\binstead\b|\bactually\b|\bupdate\b|\bfix\b)/i;
/** Words holding a change word that confirm instead ("没错", "不错"). */
const CONFIRMING = /没错|不错|对不对/g;

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
  const lower = text.toLowerCase();
  if (!CHANGE.test(lower.replace(CONFIRMING, ''))) return undefined;
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
