const zh = {
  title: '在线客服', open: '打开客服对话', close: '关闭', placeholder: '请输入您的问题…', send: '发送', human: '转人工',
  helpful: '有帮助', notHelpful: '没帮助', thanks: '感谢反馈', queued: (p: number, eta: number) => `排队中：您前面还有 ${p - 1} 位，预计等待 ${Math.max(1, Math.round(eta / 60))} 分钟`,
  agentJoined: (name: string) => `客服 ${name} 为您服务`, offHours: '当前没有客服在线，请留言，我们会尽快联系您。', leaveContact: '联系方式（手机/邮箱）', leaveText: '留言内容', leaveSend: '提交留言', left: '留言已提交，谢谢！',
  failed: '发送失败，点击重试', rateLimited: '发送太频繁，请稍候点击重试', tooLong: (max: number) => `未发送：消息最长 ${max} 个字`, notSent: '未发送', sending: '发送中', rate: '请为本次服务评分', rated: '感谢您的评价！', ratingFailed: '评分没有提交成功，请稍后再点一次', greeting: '您好！我是智能客服，有什么可以帮您？', typing: '对方正在输入…', connecting: '连接中…', attach: '发送图片或文件', dismiss: '移除',
  notDone: (code: string): string => (code === 'RATE_LIMITED' ? '操作太频繁，请稍候再试' : code === 'OFFLINE' ? '网络不通，没有提交成功，请稍后再试' : '没有提交成功，请稍后再试'), contactTooLong: (max: number) => `联系方式最长 ${max} 个字`,
  fileRefused: (code: string, maxBytes?: number): string => ({ PAYLOAD_TOO_LARGE: `文件太大${maxBytes ? `：最大 ${Math.floor(maxBytes / 1048576)} MB` : ''}`, FILE_TYPE_NOT_ALLOWED: '只能发送图片（PNG、JPEG、GIF、WebP）和 PDF 文件', RATE_LIMITED: '发送太频繁，请稍候点击重试' })[code] ?? '发送失败，点击重试',
  unread: (n: number) => `${n} 条未读消息`, star: (n: number) => `${n} 星（${['很差', '较差', '一般', '满意', '非常满意'][n - 1]}）`,
};
const en: typeof zh = {
  title: 'Support', open: 'Open support chat', close: 'Close', placeholder: 'Type your question…', send: 'Send', human: 'Talk to a person',
  helpful: 'Helpful', notHelpful: 'Not helpful', thanks: 'Thanks for the feedback', queued: (p, eta) => `You are number ${p} in the queue, about ${Math.max(1, Math.round(eta / 60))} min`,
  agentJoined: (name) => `${name} has joined`, offHours: 'No agent is online now. Leave a message and we will get back to you.', leaveContact: 'Phone or email', leaveText: 'Your message', leaveSend: 'Leave message', left: 'Message sent. Thank you!',
  failed: 'Not sent, tap to retry', rateLimited: 'Too many messages: wait a moment, then tap to retry', tooLong: (max) => `Not sent: messages are limited to ${max} characters`, notSent: 'Not sent', sending: 'Sending', rate: 'How did we do?', rated: 'Thanks for rating us!', ratingFailed: 'Your rating was not saved; please try again', greeting: 'Hi! I am the support bot. How can I help?', typing: 'typing…', connecting: 'Connecting…', attach: 'Send a picture or file', dismiss: 'Remove',
  notDone: (code) => (code === 'RATE_LIMITED' ? 'Too fast: wait a moment and try again' : code === 'OFFLINE' ? 'Not sent: you seem to be offline; try again in a moment' : 'Not sent; please try again'), contactTooLong: (max) => `Contact details are limited to ${max} characters`,
  fileRefused: (code, maxBytes) => ({ PAYLOAD_TOO_LARGE: `File too large${maxBytes ? `: at most ${Math.floor(maxBytes / 1048576)} MB` : ''}`, FILE_TYPE_NOT_ALLOWED: 'Only pictures (PNG, JPEG, GIF, WebP) and PDF files can be sent', RATE_LIMITED: 'Too many files: wait a moment, then tap to retry' })[code] ?? 'Not sent, tap to retry',
  unread: (n) => `${n} unread ${n === 1 ? 'message' : 'messages'}`, star: (n) => `${n} ${n === 1 ? 'star' : 'stars'} (${['poor', 'fair', 'okay', 'good', 'excellent'][n - 1]})`,
};

export type Strings = typeof zh;
/** zh-CN and en built in; anything starting with "zh" is Chinese. */
export function stringsFor(lang: string | undefined): Strings {
  return (lang ?? '').toLowerCase().startsWith('zh') ? zh : en;
}
