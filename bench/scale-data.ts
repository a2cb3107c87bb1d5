import type { KnowledgeEntry } from '../packages/core/src/index.ts';

/** Synthetic FAQ entries for the scale benchmark: half Chinese, half English, from small word pools. */
const zhWords = '课程 退款 发票 老师 外教 试听 预约 价格 优惠 套餐 账户 密码 手机 电脑 平板 支付 分期 合同 证书 作业 直播 回放 教材 快递 地址 积分 会员 续费 班级 学期 考试 成绩 家长 孩子 英语 数学 编程 语文 物理 化学'.split(' ');
const zhFrames = ['{a}的{b}怎么{v}', '{a}和{b}有什么区别', '我想{v}{a}的{b}', '{a}{b}在哪里{v}', '为什么{a}不能{v}{b}'];
const zhVerbs = '查看 修改 取消 申请 办理 下载 更换 使用 开通 关闭'.split(' ');
const enWords = 'order refund invoice laptop phone tablet warranty shipping address account password payment coupon discount battery screen charger headphones camera printer router monitor keyboard mouse speaker cable adapter case subscription membership'.split(' ');
const enFrames = ['how do i {v} the {a} {b}', 'can i {v} my {a} {b}', 'what is the {a} {b} policy', 'where can i {v} {a} {b}', 'why is my {a} {b} not working'];
const enVerbs = 'change cancel track return replace update reset activate renew check'.split(' ');

let seed = 42;
export const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;

function question(i: number, zh: boolean): string {
  const [words, frames, verbs] = zh ? [zhWords, zhFrames, zhVerbs] : [enWords, enFrames, enVerbs];
  // A numbered model name makes every entry distinct even at 100k, as product catalogues do.
  const a = `${pick(words)}${zh ? '' : ' '}${zh ? `${pick(words)}${i}号` : `model-${i}`}`;
  return pick(frames).replace('{a}', a).replace('{b}', pick(words)).replace('{v}', pick(verbs));
}

export function synthetic(n: number): KnowledgeEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const zh = i % 2 === 0;
    return { id: `e${i}`, questions: [question(i, zh), question(i, zh)], answer: `answer ${i}` };
  });
}

