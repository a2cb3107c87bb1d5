export { createWechatChannel, replyText, type WechatChannelOptions } from './wechat-channel.ts';
export { createWechatCipher } from './aes-crypto.ts';
export { wechatSignature } from './signature.ts';
export { WechatError, type WechatErrorCode } from './errors.ts';
