import { ERROR_WORDS, type Words } from '@chatbot/protocol';
import { zh } from './console-labels.ts';

/** What the codes an agent meets mean in the console (the server's, errors.ts's own); the server's message is English and technical. */
const CONSOLE_WORDS: Record<string, (message: string) => Words> = {
  AGENT_AT_CAPACITY: (message) => {
    const [, who, active, limit] = /^(.+?) (?:already has|already have) (\d+) conversations \(limit (\d+)\)$/.exec(message) ?? [];
    if (!who) return ['已达到可同时接待的会话上限', 'At the limit of conversations at once'];
    return who === 'you' || who === 'the agent'
      ? [`你已在接待 ${active} 个会话（上限 ${limit} 个）`, `You already have ${active} conversations (limit ${limit})`]
      : [`${who} 已在接待 ${active} 个会话（上限 ${limit} 个）`, `${who} already has ${active} conversations (limit ${limit})`];
  },
  AGENT_INACTIVE: (message) => {
    const who = / is deactivated/.test(message) ? message.replace(/ is deactivated.*$/, '') : '';
    return [`${who || '该客服'}已被停用，不能接待会话`, `${who || 'That agent'} is deactivated and cannot take conversations`];
  },
  ALREADY_ASSIGNED: () => ['会话刚被其他客服处理了，请看它现在的状态', 'Someone else acted on this conversation first: see where it is now'],
  INVALID_TRANSITION: () => ['会话的状态已经变了（被其他客服接入、转接或已结束），这一步不再适用', 'The conversation has moved on (taken, transferred or closed by someone else): this no longer applies'],
  FORBIDDEN: (message) =>
    message.startsWith('take the conversation') ? ['请先接入该会话', 'Take the conversation first'] : ['只有接待该会话的客服或管理员可以这样做', "Only the conversation's agent or an admin can do this"],
  CLIENT_ID_TAKEN: () => ['这条消息的编号已被会话中另一条消息占用，没有发送：请重新发送', 'This message\'s id is taken by another message in the conversation; it was not sent: send it again'],
  CONVERSATION_CLOSED: () => ['会话已结束，不能再回复', 'The conversation is closed: it can no longer be answered'],
  CONVERSATION_NOT_FOUND: () => ['找不到这个会话', 'No such conversation'],
  NOT_FOUND: () => ['找不到要操作的对象（可能已被删除）', 'Not found (it may have been deleted)'],
  FILE_TYPE_NOT_ALLOWED: () => ['只能发送图片（PNG、JPEG、GIF、WebP）或 PDF', 'Only pictures (PNG, JPEG, GIF, WebP) and PDFs can be sent'],
  CONSOLE_NO_ANSWER: () => ['服务器没有应答：请检查网络后再试', 'The server did not answer: check the network and try again'],
  CONSOLE_OFFLINE: () => ['还没有连上服务器，请稍后再试', 'Not connected to the server yet: try again shortly'],
  CONSOLE_NETWORK: () => ['无法连接服务器：请检查网络', 'The server cannot be reached: check the network'],
};

/**
 * A refusal in the agent's language: by its code when the console knows it, else the server's own message.
 *
 * @example
 * errorText({ code: 'AUTH_BAD_CREDENTIALS', message: 'wrong email or password' }) // '邮箱或密码错误' in a Chinese browser
 */
export function errorText(error: { code?: string; message: string }): string {
  const words = error.code ? (CONSOLE_WORDS[error.code] ?? ERROR_WORDS[error.code]) : undefined;
  if (!words) return error.message;
  const [chinese, english] = words(error.message);
  return zh ? chinese : english;
}
