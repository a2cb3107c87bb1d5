import { describe, expect, it } from 'vitest';
import { askedMeasure, statesMeasure, type Measure } from './asked-measure.ts';

describe('asked figures', () => {
  it('tells a question for a length of time or a price', () => {
    expect(['要几天', '多久能到', 'how long is it', '一节课多长时间'].map(askedMeasure)).toEqual(['duration', 'duration', 'duration', 'duration']);
    expect(['多少钱', 'how much is it', 'is there a fee'].map(askedMeasure)).toEqual(['price', 'price', 'price']);
    expect(['在哪下载', 'can I get a contract'].map(askedMeasure)).toEqual([undefined, undefined]);
  });

  it('tells how often, how many people, which days or hours, a discount and an age apart from a length of time or a price', () => {
    // Normalisation writes 一次 as 1次 before the stages see it.
    expect(['多久出1次', '报告多久1份', 'how often do I get one'].map(askedMeasure)).toEqual(['frequency', 'frequency', 'frequency']);
    expect(['最多几个孩子', '1个班多少人', 'how many students are in a class'].map(askedMeasure)).toEqual(['headcount', 'headcount', 'headcount']);
    expect(['周日有人吗', '节假日也上吗', '几点有人接', 'and on weekends?'].map(askedMeasure)).toEqual(['schedule', 'schedule', 'schedule', 'schedule']);
    expect(['买多点有折扣吗', 'is there a discount for renewing?'].map(askedMeasure)).toEqual(['discount', 'discount']);
    expect(['3岁可以学吗', '几岁能上课', '孩子多大可以学', 'is 3 too young', 'what ages do you teach', 'my son is 4, can he join'].map(askedMeasure)).toEqual(['age', 'age', 'age', 'age', 'age', 'age']);
    // 多长 alone asks a length (一节多长); 多长得 does not.
    expect(['小班课一节多长', '有效期多长'].map(askedMeasure)).toEqual(['duration', 'duration']);
    // A day or time next to pausing, moving or cancelling says when the change is for: no opening hours asked.
    expect(["we're going on holiday, can we pause", '周末可以调课吗', 'can I move my class to saturday'].map(askedMeasure)).toEqual([undefined, undefined, undefined]);
    expect(['要钱吗', 'does it cost anything?', '要手续费吗', '学费多少', '有什么其他费用'].map(askedMeasure)).toEqual(['price', 'price', 'price', 'price', 'price']);
    expect(['最少买多少', '至少得花多少', '满多少能分期'].map(askedMeasure)).toEqual(['price', 'price', 'price']);
    expect(['要运费吗', '有没有服务费', '邮费谁出'].map(askedMeasure)).toEqual(['price', 'price', 'price']);
    // How or where to pay asks for a way to pay; how much, or how they charge, still asks a price.
    expect(['how can i pay for lessons', 'where do I pay for a lesson pack', '怎么付费', '在哪里交钱'].map(askedMeasure)).toEqual([undefined, undefined, undefined, undefined]);
    expect(['how much do I pay for lessons', 'do I have to pay for the textbook', '怎么收费', '怎么付费，多少钱'].map(askedMeasure)).toEqual(['price', 'price', 'price', 'price']);
    // A refund (退费), something free (免费) and taking time (费时) ask no price.
    expect(['退费流程是什么', '免费试听怎么约', '会不会很费时间'].map(askedMeasure)).toEqual([undefined, undefined, undefined]);
    // Our number or address asks for a way to reach us; the visitor's own phone number or email does not.
    expect(["what's your phone number", 'what is your email', 'is there a hotline', '你们电话多少', '客服邮箱是什么', '联系方式是什么'].map(askedMeasure)).toEqual(Array(6).fill('contact'));
    expect(['how do I change my phone number', '手机号换了怎么办', '发票会发到邮箱吗', '电话打不通'].map(askedMeasure)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('finds how often, how many, when and what discount an answer states', () => {
    const cases: [string, Measure, boolean][] = [
      ['每月生成一份学习报告', 'frequency', true],
      ['a progress report comes every month', 'frequency', true],
      ['小班课（4–6 人）每节 45 分钟 80 元', 'headcount', true],
      ['Small classes (4–6 children)', 'headcount', true],
      ['人工客服每天 9:00–21:00 在线', 'schedule', true],
      ['一对一课程每节 25 分钟 180 元，购买 100 节课包享 85 折', 'discount', true],
      ['returning students get 5% off', 'discount', true],
      ['外教均来自英美加澳等英语国家', 'headcount', false],
      ['在“我的订单”中点“申请发票”', 'schedule', false],
      ['3 个工作日', 'discount', false],
      ['课程面向 4–15 岁的孩子', 'age', true],
      ['for children aged 4 to 15', 'age', true],
      ['lessons for 4-15 year olds', 'age', true],
      ['零基础也可以学，从 1 级开始', 'age', false],
      ['客服热线 400-800-1234（每天 9:00–21:00）', 'contact', true],
      ['email service@lexue.example', 'contact', true],
      ['在“我的-设置-账号安全”中更换手机号', 'contact', false],
    ];
    for (const [text, measure, states] of cases) expect([text, measure, statesMeasure(text, measure)]).toEqual([text, measure, states]);
  });

  it('finds the figure an answer states', () => {
    expect(statesMeasure('电子发票 3 个工作日内发送到邮箱', 'duration')).toBe(true);
    expect(statesMeasure('book a free 25-minute trial lesson', 'duration')).toBe(true);
    expect(statesMeasure('退款审核通过后 3–5 个工作日原路退回', 'duration')).toBe(true);
    expect(statesMeasure('外教一对一每节 180 元', 'price')).toBe(true);
    expect(statesMeasure('在“我的订单”中点“申请发票”', 'duration')).toBe(false);
    expect(statesMeasure('3 个工作日', 'price')).toBe(false);
    expect(statesMeasure('开课前 6 小时可免费调课', 'price')).toBe(true);
    expect(statesMeasure('Reschedule or cancel free of charge in My Schedule', 'price')).toBe(true);
    expect(statesMeasure('freedom to choose', 'price')).toBe(false);
  });
});
