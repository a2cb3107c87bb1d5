import type { SmallTalkIntent } from './small-talk-intent.ts';

/** The built-in small-talk corpus (Chinese and English). Replace it with `createBot({ smallTalk })`. */
export const DEFAULT_SMALL_TALK: SmallTalkIntent[] = [
  {
    intent: 'greeting',
    phrases: ['你好', '您好', '在吗', '在不在', '哈喽', '嗨', '早上好', '晚上好', '下午好', 'hello', 'hi', 'hey', 'hi there', 'hello there', 'hey there', 'good morning', 'good afternoon', 'good evening', 'anyone there', 'is anyone there'],
    answers: { zh: '您好！我是智能客服，请问有什么可以帮您？', en: 'Hello! I am the support bot. How can I help?' },
  },
  {
    intent: 'thanks',
    phrases: ['谢谢', '多谢', '谢谢你', '谢谢您', '感谢', '感谢您', '非常感谢', '十分感谢', '万分感谢', '太感谢了', '太谢谢了', '谢了', '谢谢啦', '好的谢谢', '好的谢谢你', '辛苦了', '麻烦了', '谢谢帮助', '感谢帮助', 'thanks', 'thank you', 'thank u', 'thx', 'ty', 'cheers', 'many thanks', 'thanks a lot', 'thanks so much', 'thank you so much', 'thank you very much', 'thanks very much', 'thanks a million', 'much appreciated', 'appreciate it', 'i appreciate it', 'ok thanks', 'ok thank you', 'great thanks', 'great thank you', 'thanks for your help', 'thank you for your help'],
    answers: { zh: '不客气！还有其他问题随时问我。', en: "You're welcome! Ask me anything else any time." },
  },
  {
    intent: 'goodbye',
    phrases: ['再见', '拜拜', '没事了', '没有了', '就这些', 'bye', 'goodbye', 'see you', "that's all", 'nothing else'],
    answers: { zh: '好的，祝您生活愉快，再见！', en: 'Goodbye, have a great day!' },
  },
  {
    intent: 'who-are-you',
    phrases: ['你是谁', '你是机器人吗', '你是真人吗', '你叫什么', 'who are you', 'are you a bot', 'are you human', 'are you a robot', "what's your name"],
    answers: { zh: '我是智能客服机器人，可以回答常见问题；需要人工时说“转人工”即可。', en: 'I am the support bot. I answer common questions; say "agent" to reach a person.' },
  },
  {
    intent: 'ok',
    phrases: ['好的', '好', '嗯', '嗯嗯', '知道了', '明白了', '行', '是', '是的', '对', '对的', '没错', 'ok', 'okay', 'got it', 'i see', 'alright', 'yes', 'yeah', 'yep', 'sure'],
    answers: { zh: '好的，还有什么可以帮您？', en: 'Great, anything else I can help with?' },
  },
  {
    // A bare "no" (to "anything else?", or to nothing): not a question to look up.
    intent: 'no',
    phrases: ['不是', '不用', '不用了', '不要', '不了', '不需要', 'no', 'nope', 'nah', 'no thanks', 'no thank you', 'not really'],
    answers: { zh: '好的。还有其他问题随时问我。', en: 'OK. Ask me anything else any time.' },
  },
  {
    // Chit-chat a support bot cannot help with: said so, rather than "I don't know the answer to that yet".
    intent: 'out-of-scope',
    phrases: ['讲个笑话', '说个笑话', '讲个故事', '唱首歌', '今天天气怎么样', '天气怎么样', '明天天气怎么样', '你多大了', '陪我聊天', '陪我聊聊天', '我好无聊', '好无聊', 'tell me a joke', 'tell me a story', 'sing a song', "what's the weather like", 'how is the weather', "what's the weather today", 'how old are you', 'chat with me', "i'm bored", 'i am bored'],
    answers: { zh: '这个我帮不上忙。我可以回答我们业务的常见问题；需要人工时说“转人工”即可。', en: 'I can\'t help with that one. I answer questions about our service; say "agent" to reach a person.' },
  },
  {
    intent: 'abuse',
    phrases: ['傻逼', '垃圾', '滚', '废物', '智障', '蠢', '去死', 'stupid', 'idiot', 'useless', 'shut up', 'fuck', 'dumb'],
    answers: { zh: '抱歉让您不满意。我会尽力帮您，也可以说“转人工”联系客服。', en: 'Sorry I have not been helpful. I will do my best, or say "agent" to reach a person.' },
    contains: true,
  },
];
