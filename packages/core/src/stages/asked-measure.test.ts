import { describe, expect, it } from 'vitest';
import { askedMeasure, statesMeasure } from './asked-measure.ts';

describe('asked figures', () => {
  it('tells a question for a length of time or a price', () => {
    expect(['要几天', '多久能到', 'how long is it', '一节课多长时间'].map(askedMeasure)).toEqual(['duration', 'duration', 'duration', 'duration']);
    expect(['多少钱', 'how much is it', 'is there a fee'].map(askedMeasure)).toEqual(['price', 'price', 'price']);
    expect(['在哪下载', 'can I get a contract'].map(askedMeasure)).toEqual([undefined, undefined]);
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
