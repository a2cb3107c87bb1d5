/** Stable error codes of @chatbot/wechat-adapter. Listed in docs/errors.md; never reused. */
export type WechatErrorCode =
  | 'WECHAT_BAD_SIGNATURE'
  | 'WECHAT_STALE_REQUEST'
  | 'WECHAT_BAD_XML'
  | 'WECHAT_BAD_CIPHERTEXT'
  | 'WECHAT_APPID_MISMATCH'
  | 'WECHAT_BODY_TOO_LARGE'
  | 'WECHAT_BAD_CONFIG'
  | 'WECHAT_API_ERROR'
  | 'WECHAT_OUT_OF_WINDOW'
  | 'WECHAT_UNSUPPORTED_FILE';

export class WechatError extends Error {
  readonly code: WechatErrorCode;
  constructor(code: WechatErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WechatError';
    this.code = code;
  }
}
