// The main job (`pnpm start`): the server on the demo knowledge base, plus the WeChat channel when
// WECHAT_TOKEN, WECHAT_APP_ID and WECHAT_APP_SECRET are set. Channels are composed here, outside the server.
import { runFromEnvironment } from '../../packages/server/src/index.ts';
import { createWechatChannel } from '../../packages/wechat-adapter/src/index.ts';

await runFromEnvironment({
  channels: (config) =>
    config.WECHAT_TOKEN && config.WECHAT_APP_ID && config.WECHAT_APP_SECRET
      ? [
          createWechatChannel({
            token: config.WECHAT_TOKEN,
            appId: config.WECHAT_APP_ID,
            appSecret: config.WECHAT_APP_SECRET,
            ...(config.WECHAT_ENCODING_AES_KEY ? { encodingAESKey: config.WECHAT_ENCODING_AES_KEY } : {}),
            ...(config.WECHAT_API_BASE ? { apiBase: config.WECHAT_API_BASE } : {}),
          }),
        ]
      : [],
});
