import { CONVERSATION_STATE_NAMES, HANDOFF_REASON_NAMES } from '@chatbot/protocol';

// The agent's browser language decides; the page's own lang (always zh-CN) only when the browser names none.
export const zh = (navigator.language || document.documentElement.lang || '').startsWith('zh');
/** The console's words in the agent's language. */
export const L = zh
  ? { title: '客服工作台', email: '邮箱', password: '密码', login: '登录', queue: '排队中', mine: '我的会话', take: '接入', close: '结束', back: '交回机器人', transfer: '转接给…', transferConfirm: '转接', send: '发送', note: '内部备注', canned: '快捷回复', insert: '插入', logout: '退出', pick: '选择左侧会话', opening: '正在打开会话…', visitor: '访客信息', list: '会话列表', conversation: '返回会话', suggested: '机器人建议答案', waiting: '等待', newBelow: '有新消息', unread: '条未读消息', attach: '发送图片/文件', earlier: '该访客的其他会话', group: '技能组',
      replyHint: '输入回复，Enter 发送；输入 / 搜索快捷回复',
      tooLong: (max: number) => `消息最长 ${max} 个字，请缩短后再发送`,
      online: '在线状态', visitorHere: '在线', visitorGone: '已离开',
      connection: { connecting: '正在连接…', reconnecting: '连接中断，正在重新连接…' },
      signedOut: { 'session-expired': '登录已过期，请重新登录', deactivated: '已退出：你的账号已被停用' },
      alerts: { on: '提醒：开', off: '提醒：关', queued: '新访客在排队', assigned: '新会话分配给你', message: '访客发来新消息' },
      bot: '机器人', visitorSays: '访客', channel: '渠道', page: '页面', language: '语言', tags: '标签', reason: '转人工原因', queuedAt: '开始排队', firstResponse: '首次回复', presence: '状态',
      states: CONVERSATION_STATE_NAMES.zh, reasons: HANDOFF_REASON_NAMES.zh, statuses: { online: '在线', away: '离开', offline: '离线' } }
  : { title: 'Agent console', email: 'Email', password: 'Password', login: 'Log in', queue: 'Queue', mine: 'My conversations', take: 'Take', close: 'Close', back: 'Return to bot', transfer: 'Transfer to…', transferConfirm: 'Transfer', send: 'Send', note: 'Internal note', canned: 'Canned replies', insert: 'Insert', logout: 'Log out', pick: 'Pick a conversation', opening: 'Opening the conversation…', visitor: 'Visitor', list: 'Conversations', conversation: 'Back to conversation', suggested: "Bot's suggested answers", waiting: 'waiting', newBelow: 'New messages', unread: 'unread messages', attach: 'Send picture/file', earlier: "This visitor's other conversations", group: 'group',
      replyHint: 'Reply; Enter sends; type / for canned replies',
      tooLong: (max: number) => `Messages are limited to ${max} characters: shorten it and send again`,
      online: 'online', visitorHere: 'here now', visitorGone: 'left',
      connection: { connecting: 'Connecting…', reconnecting: 'Connection lost, reconnecting…' },
      signedOut: { 'session-expired': 'Session expired, please log in again', deactivated: 'Signed out: your account was deactivated' },
      alerts: { on: 'Alerts on', off: 'Alerts off', queued: 'A visitor is waiting', assigned: 'A conversation was assigned to you', message: 'New message from a visitor' },
      bot: 'bot', visitorSays: 'visitor', channel: 'channel', page: 'page', language: 'language', tags: 'tags', reason: 'handed off because', queuedAt: 'queued', firstResponse: 'first response', presence: 'presence',
      states: CONVERSATION_STATE_NAMES.en, reasons: HANDOFF_REASON_NAMES.en, statuses: { online: 'online', away: 'away', offline: 'offline' } };
