/** A sentence in Chinese and in English. */
export type Words = readonly [zh: string, en: string];

/**
 * What the server's stable error codes (docs/errors.md) that reach both the console and the dashboard mean to a
 * person, from the server's message (English and technical; some details, such as a limit, are taken from it).
 *
 * @example
 * ERROR_WORDS.AUTH_BAD_CREDENTIALS?.('wrong email or password') // ['邮箱或密码错误', 'Wrong email or password']
 */
export const ERROR_WORDS: Readonly<Record<string, (message: string) => Words>> = {
  AUTH_BAD_CREDENTIALS: () => ['邮箱或密码错误', 'Wrong email or password'],
  AUTH_BAD_TOKEN: () => ['登录已过期，请重新登录', 'Your session expired: log in again'],
  AGENT_DISABLED: () => ['该账号已被停用，请联系管理员', 'This account is deactivated: ask an admin'],
  RATE_LIMITED: () => ['请求太频繁，请稍等一分钟再试', 'Too many requests: try again in a minute'],
  PAYLOAD_TOO_LARGE: (message) => {
    const limit = /(\d+(?:\.\d+)?) MB/.exec(message)?.[1] ?? '?';
    return [`内容太大：超过了 ${limit} MB 的上限`, `Too large: over the ${limit} MB limit`];
  },
  STORE_UNAVAILABLE: () => ['数据库暂时无法连接，请稍后再试', 'The database cannot be reached right now: try again shortly'],
};
