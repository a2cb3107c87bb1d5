import { ERROR_WORDS, type Words } from '@chatbot/protocol';
import type { ApiError } from './dashboard-api.ts';
import { L, zh } from './labels.ts';

const say = ([chinese, english]: Words): string => (zh ? chinese : english);

/** What the server's stable codes (docs/errors.md) mean to an operator; the server's own message is English and technical. */
const BY_CODE: Record<string, (message: string) => string> = {
  ...Object.fromEntries(Object.entries(ERROR_WORDS).map(([code, words]) => [code, (message: string) => say(words(message))])),
  FORBIDDEN: () => say(['只有管理员可以这样做', 'Only an admin can do this']),
  KB_ENTRY_EXISTS: (message) => {
    const id = /"(.*)"/.exec(message)?.[1] ?? '';
    return say([`已有编号为“${id}”的条目：请换一个编号，或去编辑那个条目`, `An entry with the id "${id}" exists already: choose another id, or edit that entry`]);
  },
  KB_ENTRY_CHANGED: () => L.entryChanged,
  KB_ENTRY_GONE: () => L.entryGone,
  KB_INVALID: (message) => {
    const reasons = message.replace(/^entry is invalid: /, '');
    if (reasons === message) return message; // an import's problems by line: the preview lists them
    return `${say(['条目无效', 'The entry is invalid'])}: ${reasons.split('; ').map(entryProblem).join(zh ? '；' : '; ')}`;
  },
  AGENT_BUSY: (message) => {
    const [, name = '', count = '?'] = /^(.*) still serves (\d+)/.exec(message) ?? [];
    return say([`${name} 还在接待 ${count} 个会话：请先转接或结束这些会话再停用`, `${name} still serves ${count} conversation${count === '1' ? '' : 's'}: transfer or close them first`]);
  },
  ENTRY_NOT_FOUND: () => say(['没有这个条目（可能已被他人删除）', 'No such entry (someone may have deleted it)']),
  LAST_ADMIN: () => say(['至少要保留一位启用的管理员：请先把其他人设为管理员', 'At least one active admin must remain: make someone else an admin first']),
  VISITOR_IN_SERVICE: () => say(['该访客正在排队或与客服对话：请先结束那个会话', 'The visitor is queued for or talking to an agent: close that conversation first']),
  BAD_REQUEST: (message) => validationMessage(message) ?? message,
};

/** What `validateEntry` (core) says is wrong with an entry. */
const ENTRY_PROBLEMS: [RegExp, (m: RegExpExecArray) => Words][] = [
  [/^"id" must be a non-empty string$/, () => ['编号不能为空', 'the id is empty']],
  [/^"questions" is empty$/, () => ['至少需要一个问题', 'at least one question is needed']],
  [/^a question is longer than (\d+) characters$/, (m) => [`有问题超过 ${m[1]} 个字`, `a question is longer than ${m[1]} characters`]],
  [/^"answer" must be a non-empty string$/, () => ['答案不能为空', 'the answer is empty']],
  [/^"answer" is longer than (\d+) characters$/, (m) => [`答案超过 ${m[1]} 个字`, `the answer is longer than ${m[1]} characters`]],
];

function entryProblem(problem: string): string {
  for (const [pattern, words] of ENTRY_PROBLEMS) {
    const match = pattern.exec(problem);
    if (match) return say(words(match));
  }
  return problem;
}

/** The fields operators fill in, by their name in request bodies. */
const FIELDS: Record<string, Words> = {
  questions: ['问题', 'question'], answer: ['答案', 'answer'], id: ['编号', 'id'], events: ['事件', 'event'], url: ['推送地址', 'address'],
  text: ['内容', 'text'], name: ['姓名', 'name'], email: ['邮箱', 'email'], password: ['密码', 'password'], title: ['标题', 'title'], tags: ['标签', 'tag'],
};

/** The rules a request body breaks, as Fastify's validator says them. */
const RULES: [RegExp, (field: string, m: RegExpExecArray) => Words][] = [
  [/^must NOT have fewer than 1 items$/, (f) => [`至少需要一个${f}`, `at least one ${f} is needed`]],
  [/^must NOT have fewer than (\d+) items$/, (f, m) => [`${f}至少需要 ${m[1]} 个`, `at least ${m[1]} ${f}s are needed`]],
  [/^must NOT have more than (\d+) items$/, (f, m) => [`${f}最多 ${m[1]} 个`, `at most ${m[1]} ${f}s`]],
  [/^must NOT have fewer than 1 characters$/, (f) => [`${f}不能为空`, `the ${f} is empty`]],
  [/^must NOT have fewer than (\d+) characters$/, (f, m) => [`${f}至少 ${m[1]} 个字`, `the ${f} needs at least ${m[1]} characters`]],
  [/^must NOT have more than (\d+) characters$/, (f, m) => [`${f}不能超过 ${m[1]} 个字`, `the ${f} may have at most ${m[1]} characters`]],
  [/^must be >= (\S+)$/, (f, m) => [`${f}不能小于 ${m[1]}`, `the ${f} must be at least ${m[1]}`]],
  [/^must be <= (\S+)$/, (f, m) => [`${f}不能大于 ${m[1]}`, `the ${f} must be at most ${m[1]}`]],
];

/** "body/questions/0 must NOT have more than 500 characters" in the operator's words, or undefined for a message of another shape. */
function validationMessage(message: string): string | undefined {
  const required = /^body must have required property '(\w+)'$/.exec(message);
  if (required) return say([`请填写${fieldName(required[1]!)}`, `the ${fieldName(required[1]!)} is missing`]);
  const match = /^body\/([\w/]+) (must .+)$/.exec(message);
  if (!match) return undefined;
  const path = match[1]!.split('/');
  const index = /^\d+$/.test(path.at(-1)!) ? Number(path.pop()) : undefined;
  const field = fieldName(path.at(-1)!);
  for (const [pattern, words] of RULES) {
    const rule = pattern.exec(match[2]!);
    if (!rule) continue;
    const text = say(words(field, rule));
    return index === undefined ? text : `${text} (${say([`第 ${index + 1} 个`, `number ${index + 1}`])})`;
  }
  return undefined;
}

const fieldName = (name: string): string => (FIELDS[name] ? say(FIELDS[name]) : name);

/**
 * A refused request in the operator's language: the server's code when the dashboard knows it, else the server's message.
 *
 * @example
 * errorMessage(new ApiError("body/questions must NOT have fewer than 1 items", 'BAD_REQUEST', 400)) // '至少需要一个问题'
 */
export function errorMessage(error: unknown): string {
  const { code, message } = error as Partial<ApiError> & Error;
  const known = code ? BY_CODE[code]?.(message) : undefined;
  return known ? capitalized(known) : message;
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
