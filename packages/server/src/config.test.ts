import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

describe('readConfig', () => {
  it('takes ANSWER_WEIGHT as a share below 1 and leaves it to the bot when unset', () => {
    expect(readConfig({ ANSWER_WEIGHT: '0' }).ANSWER_WEIGHT).toBe(0);
    expect(readConfig({ ANSWER_WEIGHT: '0.2' }).ANSWER_WEIGHT).toBe(0.2);
    expect(readConfig({}).ANSWER_WEIGHT).toBeUndefined();
    expect(readConfig({ ANSWER_WEIGHT: '' }).ANSWER_WEIGHT).toBeUndefined();
  });
  it.each(['1', '-0.5', 'lots'])('stops the start with a clear message for ANSWER_WEIGHT=%s', (value) => {
    expect(() => readConfig({ ANSWER_WEIGHT: value })).toThrow(/invalid configuration:\n {2}ANSWER_WEIGHT: /);
  });
  it('takes the answer and suggest bars and the margin as shares, the suggest bar not above the answer bar', () => {
    expect(readConfig({ ANSWER_THRESHOLD: '0.3', SUGGEST_THRESHOLD: '0.2', ANSWER_MARGIN: '0' })).toMatchObject({ ANSWER_THRESHOLD: 0.3, SUGGEST_THRESHOLD: 0.2, ANSWER_MARGIN: 0 });
    expect(readConfig({ ANSWER_THRESHOLD: '' }).ANSWER_THRESHOLD).toBeUndefined();
    expect(() => readConfig({ ANSWER_THRESHOLD: '1.5' })).toThrow(/ANSWER_THRESHOLD: /);
    expect(() => readConfig({ ANSWER_MARGIN: 'wide' })).toThrow(/ANSWER_MARGIN: /);
    expect(() => readConfig({ ANSWER_THRESHOLD: '0.2', SUGGEST_THRESHOLD: '0.3' })).toThrow(/SUGGEST_THRESHOLD: must not be above ANSWER_THRESHOLD/);
    expect(readConfig({ ANSWER_THRESHOLD: '0.3', SHARED_WORD_THRESHOLD: '0.2' })).toMatchObject({ ANSWER_THRESHOLD: 0.3, SHARED_WORD_THRESHOLD: 0.2 });
    expect(() => readConfig({ ANSWER_THRESHOLD: '0.2', SHARED_WORD_THRESHOLD: '0.3' })).toThrow(/SHARED_WORD_THRESHOLD: must not be above ANSWER_THRESHOLD/);
  });
  it('takes WORKING_HOURS in hours or hours:minutes with a TIME_ZONE, and says what is wrong with either', () => {
    expect(readConfig({ WORKING_HOURS: '9:30-18:00', TIME_ZONE: 'Asia/Shanghai' })).toMatchObject({ WORKING_HOURS: '9:30-18:00', TIME_ZONE: 'Asia/Shanghai' });
    expect(() => readConfig({ WORKING_HOURS: '9am-6pm' })).toThrow(/WORKING_HOURS: use FROM-TO/);
    expect(() => readConfig({ WORKING_HOURS: '9-9' })).toThrow(/WORKING_HOURS: the hours open and close at the same time/);
    expect(() => readConfig({ TIME_ZONE: 'Beijing' })).toThrow(/TIME_ZONE: use an IANA time zone/);
  });
  it('names a bad FINE_TUNE_ENCODER and a Redis without PostgreSQL', () => {
    expect(() => readConfig({ FINE_TUNE_ENCODER: 'maybe' })).toThrow(/FINE_TUNE_ENCODER/);
    expect(() => readConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/set DATABASE_URL/);
  });
  it('takes CHANNEL_GROUPS as channel=group pairs and names a malformed one', () => {
    expect(readConfig({ CHANNEL_GROUPS: 'wechat=售后, web = 售前' }).CHANNEL_GROUPS).toBe('wechat=售后, web = 售前');
    for (const bad of ['售后', 'wechat=', 'wechat=a=b', '=售后']) expect(() => readConfig({ CHANNEL_GROUPS: bad })).toThrow(/CHANNEL_GROUPS: use channel=group pairs/);
  });
});
