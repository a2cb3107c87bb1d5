import { parse as parseYaml } from 'yaml';
import { CoreError, type KnowledgeProblem } from '../errors.ts';
import type { Bilingual, FlowDefinition, FlowStep, SlotType } from './flow-definition.ts';

const SLOT_TYPES: SlotType[] = ['text', 'number', 'phone', 'date', 'order-id', 'choice'];
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const isBilingual = (v: unknown): v is Bilingual => isText(v) || (typeof v === 'object' && v !== null && isText((v as { zh?: unknown }).zh) && isText((v as { en?: unknown }).en));
const isChoice = (v: unknown): boolean => {
  if (isText(v)) return true;
  const c = v as { zh?: unknown; en?: unknown; value?: unknown; aliases?: unknown };
  return isBilingual(v) && typeof v === 'object' && (c.value === undefined || isText(c.value)) && (c.aliases === undefined || (Array.isArray(c.aliases) && c.aliases.every(isText)));
};

/**
 * Checks flow definitions (YAML text or parsed values) and reports every problem at once, as
 * "flow N: …", so an operator can fix a file in one pass.
 */
export function parseFlows(input: string | unknown): FlowDefinition[] {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = parseYaml(input);
    } catch (error) {
      throw new CoreError('CORE_FLOW_INVALID', `flows are not valid YAML: ${(error as Error).message}`, { cause: error });
    }
  }
  const list = Array.isArray(value) ? value : (value as { flows?: unknown })?.flows;
  if (!Array.isArray(list)) throw new CoreError('CORE_FLOW_INVALID', 'flows must be a list (or an object with a "flows" list)');
  const problems: KnowledgeProblem[] = [];
  const flows: FlowDefinition[] = [];
  const ids = new Set<string>();
  list.forEach((raw: Record<string, unknown>, i) => {
    const line = i + 1;
    const add = (message: string) => problems.push({ line, message });
    if (!raw || typeof raw !== 'object') return add('not an object');
    if (!isText(raw.id)) return add('id must be a non-empty string');
    if (ids.has(raw.id)) add(`${raw.id}: repeats an id`);
    ids.add(raw.id);
    if (!Array.isArray(raw.triggers) || raw.triggers.length === 0 || !raw.triggers.every(isText)) add(`${raw.id}: triggers must be a non-empty list of phrases`);
    if (!isBilingual(raw.done) || !isBilingual(raw.cancelled)) add(`${raw.id}: done and cancelled messages are required`);
    const steps = Array.isArray(raw.steps) ? (raw.steps as FlowStep[]) : [];
    if (steps.length === 0) add(`${raw.id}: steps must be a non-empty list`);
    const stepIds = new Set(steps.map((s) => s?.id));
    const target = (t: unknown, where: string) => {
      if (t !== undefined && t !== 'submit' && t !== 'cancel' && !stepIds.has(t as string)) add(`${raw.id}: ${where} goes to unknown step "${String(t)}"`);
    };
    steps.forEach((step, k) => {
      const where = `step ${k + 1}${isText(step?.id) ? ` (${step.id})` : ''}`;
      if (!step || !isText(step.id)) return add(`${raw.id}: ${where} needs an id`);
      if (step.kind === 'slot') {
        if (!isText(step.slot) || !isBilingual(step.prompt)) add(`${raw.id}: ${where} needs slot and prompt`);
        if (!SLOT_TYPES.includes(step.type)) add(`${raw.id}: ${where} type must be one of ${SLOT_TYPES.join(', ')}`);
        if (step.type === 'choice' && (!Array.isArray(step.choices) || step.choices.length < 2 || !step.choices.every(isChoice))) add(`${raw.id}: ${where} a choice needs at least two choices, each a text or { zh, en, value?, aliases? }`);
        if (step.integer !== undefined && typeof step.integer !== 'boolean') add(`${raw.id}: ${where} integer must be true or false`);
        for (const bound of ['min', 'max'] as const) if (step[bound] !== undefined && typeof step[bound] !== 'number') add(`${raw.id}: ${where} ${bound} must be a number`);
        if (step.names !== undefined && (!Array.isArray(step.names) || !step.names.every(isText))) add(`${raw.id}: ${where} names must be a list of words`);
        if (step.pattern !== undefined) {
          try {
            new RegExp(step.pattern);
          } catch {
            add(`${raw.id}: ${where} pattern is not a valid regular expression`);
          }
        }
        target(step.next, where);
      } else if (step.kind === 'branch') {
        if (!isBilingual(step.prompt)) add(`${raw.id}: ${where} needs a prompt`);
        if (step.positive === undefined || step.negative === undefined) add(`${raw.id}: ${where} needs positive and negative targets`);
        target(step.positive, where);
        target(step.negative, where);
        target(step.unknown, where);
      } else if (step.kind === 'say') {
        if (!isBilingual(step.text)) add(`${raw.id}: ${where} needs text`);
        target(step.next, where);
      } else add(`${raw.id}: ${where} kind must be slot, branch or say`);
    });
    const webhook = raw.webhook as FlowDefinition['webhook'];
    if (webhook !== undefined && (!webhook || !isText(webhook.url) || !/^https?:\/\//.test(webhook.url))) add(`${raw.id}: webhook.url must be an http(s) URL`);
    flows.push(raw as unknown as FlowDefinition);
  });
  if (problems.length) throw new CoreError('CORE_FLOW_INVALID', `invalid flows:\n${problems.map((p) => `  flow ${p.line}: ${p.message}`).join('\n')}`, { problems });
  return flows;
}
