/** What a WeChat message means: text for the bot, a picture to store in the conversation, or a ready reply for types the bot cannot use. */
export type Inbound = { kind: 'ask'; text: string } | { kind: 'picture'; url: string } | { kind: 'reply'; text: string } | { kind: 'left' } | { kind: 'ignore' };

/** The answer to a picture that cannot be taken into the conversation (not downloadable, not a picture). */
export const PICTURE_FALLBACK = '收到您的图片。请用文字描述您的问题，或发送“转人工”联系客服。';

export function inboundOf(fields: Record<string, string>, welcome: string): Inbound {
  switch (fields['MsgType']) {
    case 'text':
      return fields['Content']?.trim() ? { kind: 'ask', text: fields['Content'] } : { kind: 'ignore' };
    case 'voice':
      return fields['Recognition']?.trim() ? { kind: 'ask', text: fields['Recognition'] } : { kind: 'reply', text: '抱歉，暂时听不清语音，请发文字给我。' };
    case 'image':
      return fields['PicUrl'] ? { kind: 'picture', url: fields['PicUrl'] } : { kind: 'reply', text: PICTURE_FALLBACK };
    case 'location':
      return { kind: 'reply', text: fields['Label']?.trim() ? `收到您的位置：${fields['Label'].trim()}。请问有什么可以帮您？` : '收到您的位置。请问有什么可以帮您？' };
    case 'link': {
      const about = fields['Title']?.trim() || fields['Description']?.trim();
      return about ? { kind: 'ask', text: about } : { kind: 'ignore' };
    }
    case 'event':
      switch (fields['Event']) {
        case 'subscribe':
        case 'SCAN':
          return { kind: 'reply', text: welcome };
        case 'unsubscribe':
          return { kind: 'left' };
        case 'CLICK':
          return fields['EventKey'] ? { kind: 'ask', text: fields['EventKey'] } : { kind: 'ignore' };
        default:
          return { kind: 'ignore' };
      }
    default:
      return { kind: 'reply', text: '暂不支持这种消息，请发送文字。' };
  }
}
