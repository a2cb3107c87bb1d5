import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsReport, CalibrationJob, ChatMessage, ConversationSummary, UnansweredCluster } from '../packages/protocol/src/index.ts';
import { DEFAULT_THRESHOLDS } from '../packages/core/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent, until } from './support/clients.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('knowledge operations: unanswered clusters, import preview, bot test, analytics', () => {
  let server: RunningServer;
  let token: string;
  const api = async <T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body && typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}), ...init.headers } });
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, body: (type.startsWith('application/json') ? await response.json() : type.includes('sheet') ? Buffer.from(await response.arrayBuffer()) : await response.text()) as T };
  };
  const ask = async (text: string) => {
    const visitor = await connectVisitor(server.url);
    await call(visitor.socket, 'message:send', { clientId: 'q', text });
    const reply = await until(`the bot's reply to ${text}`, () => visitor.messages.find((m) => m.type.startsWith('bot')));
    visitor.socket.close();
    return reply;
  };

  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    token = await loginAgent(server.url);
  });
  afterAll(async () => server.close());

  it('groups unanswered questions, offers what agents answered, and a new entry made from them answers at once', async () => {
    const replies = new Map<string, ChatMessage>();
    for (const text of ['有没有日语课程', '你们有日语课吗', '日语课怎么报名', '钱能退回来吗']) replies.set(text, await ask(text));
    // One visitor asks two unanswered questions, asks for a person, and an agent answers them.
    const agent = await connectAgent(server.url, token);
    const visitor = await connectVisitor(server.url);
    await call(visitor.socket, 'message:send', { clientId: 'j1', text: '日语课程有吗' });
    await call(visitor.socket, 'message:send', { clientId: 'j2', text: '老师周末上班吗' });
    await until('two bot replies', () => visitor.messages.filter((m) => m.type.startsWith('bot')).length >= 2);
    await call(visitor.socket, 'handoff:request', {});
    const queued = await until('the hand-off', async () => ((await api<ConversationSummary[]>('/api/conversations?state=queued')).body.find((c) => c.visitor.visitorId === visitor.session.visitorId) ?? (await api<ConversationSummary[]>('/api/conversations?state=agent')).body.find((c) => c.visitor.visitorId === visitor.session.visitorId)), 250);
    if (queued.state === 'queued') await call(agent, 'conversation:take', { conversationId: queued.id });
    await call(agent, 'conversation:reply', { conversationId: queued.id, clientId: 'a1', text: '有日语课，每周六上午开课。' });
    visitor.socket.close();
    agent.close();

    const clusters = (await api<UnansweredCluster[]>('/api/unanswered/clusters')).body;
    const japanese = clusters.find((c) => c.questions.some((q) => q.text === '有没有日语课程'))!;
    expect(japanese.questions.map((q) => q.text).sort()).toEqual(['你们有日语课吗', '日语课怎么报名', '日语课程有吗', '有没有日语课程'].sort());
    // Each question is stored with how the bot replied: "did you mean" chips or no answer.
    const kindOf = (reply: ChatMessage) => (reply.type === 'bot-suggest' ? 'suggest' : 'no-answer');
    expect(replies.get('你们有日语课吗')!.type).toMatch(/^bot-(suggest|fallback)$/);
    expect(japanese.questions.find((q) => q.text === '你们有日语课吗')!.kinds).toEqual([kindOf(replies.get('你们有日语课吗')!)]);
    expect(japanese.agentAnswers).toContain('有日语课，每周六上午开课。');
    expect(japanese.nearestEntries.length).toBeGreaterThan(0);

    const created = await api(`/api/knowledge/japanese`, { method: 'PUT', body: JSON.stringify({ questions: japanese.questions.map((q) => q.text), answer: japanese.agentAnswers[0], tags: ['japanese'] }) });
    expect(created.status).toBe(200);
    expect((await api<UnansweredCluster[]>('/api/unanswered/clusters')).body.some((c) => c.questions.some((q) => q.text === '有没有日语课程'))).toBe(false);
    expect(await ask('有日语课程吗')).toMatchObject({ type: 'bot-answer', entryId: 'japanese' });

    // "Add as a new question of entry X"
    const refund = (await api<UnansweredCluster[]>('/api/unanswered/clusters')).body.find((c) => c.representative === '钱能退回来吗')!;
    expect(refund.nearestEntries[0]!.entryId).toBe('refund');
    const added = await api<{ questions: string[] }>('/api/knowledge/refund/questions', { method: 'POST', body: JSON.stringify({ questions: ['钱能退回来吗'] }) });
    expect(added.body.questions).toContain('钱能退回来吗');
    expect(await ask('钱能退回来吗')).toMatchObject({ type: 'bot-answer', entryId: 'refund' });
    expect((await api(`/api/knowledge/nope/questions`, { method: 'POST', body: JSON.stringify({ questions: ['x'] }) })).status).toBe(404);
  });

  it('adds a visitor\'s multi-line question from Unanswered as one question on one line, and resolves it', async () => {
    await ask('请问\n火星分校\n开课了吗？');
    const cluster = (await api<UnansweredCluster[]>('/api/unanswered/clusters')).body.find((c) => c.questions.some((q) => q.text === '请问\n火星分校\n开课了吗？'))!;
    const added = await api<{ questions: string[] }>('/api/knowledge/refund/questions', { method: 'POST', body: JSON.stringify({ questions: cluster.questions.map((q) => q.text) }) });
    expect(added.body.questions).toContain('请问 火星分校 开课了吗？');
    expect(added.body.questions.filter((q) => q.includes('\n'))).toEqual([]);
    expect((await api<UnansweredCluster[]>('/api/unanswered/clusters')).body.some((c) => c.questions.some((q) => q.text.includes('火星分校')))).toBe(false);
  });

  it('previews an import with every problem by line (CSV) or row (xlsx) and imports all or nothing', async () => {
    const csv = 'id,questions,answer\nhours,营业时间|几点开门,9:00-18:00\nbad,,no questions here\nhours,几点关门,another answer\n';
    const preview = await api<{ entries: number; creates: string[]; problems: { line: number; message: string }[] }>('/api/knowledge/import?format=csv&dryRun=true', { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
    expect(preview.status).toBe(200);
    expect(preview.body.creates).toEqual(['hours']);
    expect(preview.body.problems.map((p) => p.line)).toEqual([3, 4]);
    const refused = await api<{ error: { code: string; message: string } }>('/api/knowledge/import?format=csv', { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain('line 3');
    expect((await api('/api/knowledge/hours')).status).toBe(404);

    // Export as a workbook, change one answer in it, preview and import it back.
    const exported = await api<Buffer>('/api/knowledge/export?format=xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.body as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'id', 'questions', 'answer', 'tags', 'topic', 'attribute', 'group']);
    let refundRow = 0;
    sheet.eachRow((row, n) => (refundRow = row.getCell(1).value === 'refund' ? n : refundRow));
    sheet.getRow(refundRow).getCell(3).value = '新的退款说明';
    sheet.addRow(['', '', 'a row without id or questions']);
    const edited = Buffer.from(await workbook.xlsx.writeBuffer());
    const xlsxPreview = await api<{ updates: string[]; problems: { line: number }[] }>('/api/knowledge/import?format=xlsx&dryRun=true', { method: 'POST', body: edited, headers: { 'content-type': XLSX } });
    expect([...new Set(xlsxPreview.body.problems.map((p) => p.line))]).toEqual([sheet.rowCount]);
    expect(xlsxPreview.body.updates).toContain('refund');
    sheet.spliceRows(sheet.rowCount, 1);
    const imported = await api<{ imported: number }>('/api/knowledge/import?format=xlsx', { method: 'POST', body: Buffer.from(await workbook.xlsx.writeBuffer()), headers: { 'content-type': XLSX } });
    expect(imported.status).toBe(200);
    expect((await api<{ answer: string }>('/api/knowledge/refund')).body.answer).toBe('新的退款说明');
    const garbage = await api<{ error: { code: string } }>('/api/knowledge/import?format=xlsx', { method: 'POST', body: Buffer.from('not a zip'), headers: { 'content-type': XLSX } });
    expect(garbage.status).toBe(400);
    for (const format of ['jsonl', 'csv', 'yaml']) expect((await api<string>(`/api/knowledge/export?format=${format}`)).body).toContain('refund');
  });

  it('previews an export larger than 1 MB, and names the limit when a body is too large', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `big-${i},大文件里的问题 ${i},${'这是一条很长的答案。'.repeat(40)}`);
    const csv = `id,questions,answer\n${rows.join('\n')}\n`;
    expect(Buffer.byteLength(csv)).toBeGreaterThan(1.5 * 1024 * 1024);
    const preview = await api<{ entries: number; problems: unknown[] }>('/api/knowledge/import?format=csv&dryRun=true', { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
    expect([preview.status, preview.body.entries, preview.body.problems]).toEqual([200, 1500, []]);
    const tooLarge = await api<{ error: { code: string; message: string } }>('/api/knowledge/big', { method: 'PUT', body: JSON.stringify({ questions: ['大'], answer: 'x'.repeat(1.1 * 1024 * 1024) }) });
    expect(tooLarge).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('1 MB') } } });
  });

  it('skips empty rows of a CSV or workbook, reads rich text, links and formulas as their text, and lists an Excel error cell by row', async () => {
    type Preview = { entries: number; creates: string[]; problems: { line: number; message: string }[] };
    const csv = 'id,questions,answer\nsheet-a,表格问题甲,答案甲\n,,\n,,\nsheet-b,表格问题乙,答案乙\n,,\n';
    const csvPreview = await api<Preview>('/api/knowledge/import?format=csv&dryRun=true', { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
    expect(csvPreview.body).toMatchObject({ entries: 2, creates: ['sheet-a', 'sheet-b'], problems: [] });

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('knowledge');
    sheet.addRow(['id', 'questions', 'answer']);
    sheet.addRow(['sheet-a', { richText: [{ text: '表格' }, { font: { bold: true }, text: '问题甲' }] }, { formula: '"答案"&"甲"', result: '答案甲' }]);
    for (const cell of ['A3', 'B3', 'C3']) sheet.getCell(cell).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } }; // formatted, empty
    sheet.addRow(['sheet-b', '表格问题乙', { text: '看帮助页', hyperlink: 'https://example.com/help' }]);
    sheet.addRow(['sheet-c', '表格问题丙', { error: '#N/A' }]);
    const body = Buffer.from(await workbook.xlsx.writeBuffer());
    const preview = await api<Preview>('/api/knowledge/import?format=xlsx&dryRun=true', { method: 'POST', body, headers: { 'content-type': XLSX } });
    expect(preview.body.problems).toEqual([{ line: 5, message: 'cell C5 holds an Excel error #N/A' }, { line: 5, message: expect.stringContaining('answer') }]);
    sheet.spliceRows(5, 1);
    const imported = await api('/api/knowledge/import?format=xlsx', { method: 'POST', body: Buffer.from(await workbook.xlsx.writeBuffer()), headers: { 'content-type': XLSX } });
    expect(imported.status).toBe(200);
    expect((await api('/api/knowledge/sheet-a')).body).toMatchObject({ questions: ['表格问题甲'], answer: '答案甲' });
    expect((await api('/api/knowledge/sheet-b')).body).toMatchObject({ answer: '看帮助页' });
    for (const id of ['sheet-a', 'sheet-b']) expect((await api(`/api/knowledge/${id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('calls an empty file a problem, not ready to import', async () => {
    const preview = await api<{ entries: number; problems: { line: number; message: string }[] }>('/api/knowledge/import?format=jsonl&dryRun=true', { method: 'POST', body: '\n', headers: { 'content-type': 'application/x-ndjson' } });
    expect(preview.body).toMatchObject({ entries: 0, problems: [{ line: 1, message: 'the file holds no entries' }] });
    const imported = await api<{ error: { code: string } }>('/api/knowledge/import?format=csv', { method: 'POST', body: 'id,questions,answer\n', headers: { 'content-type': 'text/csv' } });
    expect([imported.status, imported.body.error.code]).toEqual([422, 'KB_INVALID']);
  });

  it('imports the file as sent by curl --data-binary (a form type), as application/json or with no type, and documents the types it takes', async () => {
    const jsonl = (await api<string>('/api/knowledge/export?format=jsonl')).body;
    const count = jsonl.trim().split('\n').length;
    const preview = (init: RequestInit, query = 'format=jsonl&') => api<{ entries: number; problems: unknown[] }>(`/api/knowledge/import?${query}dryRun=true`, { method: 'POST', ...init });
    for (const type of ['application/x-www-form-urlencoded', 'application/json']) expect(await preview({ body: jsonl, headers: { 'content-type': type } })).toEqual({ status: 200, body: expect.objectContaining({ entries: count, problems: [] }) });
    expect(await preview({ body: new Blob([jsonl]) }, '')).toEqual({ status: 200, body: expect.objectContaining({ entries: count, problems: [] }) });
    // Without ?format=, the format the content type names.
    const csv = (await api<string>('/api/knowledge/export?format=csv')).body;
    expect(await preview({ body: csv, headers: { 'content-type': 'text/csv' } }, '')).toEqual({ status: 200, body: expect.objectContaining({ entries: count, problems: [] }) });

    const openapi = (await api<{ paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>> }>('/docs/json')).body;
    const documented = Object.keys(openapi.paths['/api/knowledge/import']!.post!.requestBody?.content ?? {});
    expect(documented).toEqual(expect.arrayContaining(['application/x-ndjson', 'text/csv', 'application/yaml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/x-www-form-urlencoded', 'application/json']));
  });

  it('stores text PostgreSQL cannot hold (a lone surrogate escaped in a JSONL file or sent in JSON) as U+FFFD', async () => {
    const lone = JSON.stringify('怎么转班').slice(0, -1) + '\\ud800"';
    const imported = await api('/api/knowledge/import?format=jsonl', { method: 'POST', body: `{"id": "lone", "questions": [${lone}], "answer": "一"}`, headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.status).toBe(200);
    expect((await api<{ questions: string[] }>('/api/knowledge/lone')).body.questions).toEqual(['怎么转班\uFFFD']);
    expect((await api('/api/knowledge/lone', { method: 'PUT', body: `{"questions": [${lone}], "answer": "二"}` })).status).toBe(200);
    expect((await api('/api/knowledge/lone', { method: 'DELETE' })).status).toBe(204);
  });

  it('creates an entry only under a free id with If-None-Match: *, and never replaces one', async () => {
    const before = (await api<{ questions: string[] }>('/api/knowledge/refund')).body;
    const create = (id: string) => api<{ error: { code: string; message: string } }>(`/api/knowledge/${id}`, { method: 'PUT', body: JSON.stringify({ questions: ['新问题是什么'], answer: '新答案' }), headers: { 'if-none-match': '*' } });
    const taken = await create('refund');
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'KB_ENTRY_EXISTS', message: expect.stringContaining('"refund"') } } });
    expect((await api('/api/knowledge/refund')).body).toEqual(before);
    expect((await create('brand-new')).status).toBe(200);
    expect((await api<{ answer: string }>('/api/knowledge/brand-new')).body.answer).toBe('新答案');
  });

  it('refuses a save made from a copy someone changed or deleted since (If-Match), and keeps saves without If-Match as they were', async () => {
    type Entry = { questions: string[]; answer: string; version?: string };
    expect((await api('/api/knowledge/shared', { method: 'PUT', body: JSON.stringify({ questions: ['两个人一起改的问题'], answer: '原来的答案' }) })).status).toBe(200);
    const opened = await fetch(`${server.url}/api/knowledge/shared`, { headers: { authorization: `Bearer ${token}` } });
    const version = opened.headers.get('etag')!;
    const copy = (await opened.json()) as Entry;
    expect((await api<Entry[]>('/api/knowledge')).body.find((e) => e.questions[0] === '两个人一起改的问题')!.version).toBe(version.replaceAll('"', ''));
    const save = (body: Entry, ifMatch: string) => api<{ error: { code: string; message: string } }>('/api/knowledge/shared', { method: 'PUT', body: JSON.stringify(body), headers: { 'if-match': ifMatch } });
    // A adds a question and saves; B, from the copy both opened, changes the answer: refused, A's question kept.
    expect((await save({ ...copy, questions: [...copy.questions, 'A 加的问题'] }, version)).status).toBe(200);
    expect(await save({ ...copy, answer: 'B 改的答案' }, version)).toMatchObject({ status: 412, body: { error: { code: 'KB_ENTRY_CHANGED' } } });
    expect((await api<Entry>('/api/knowledge/shared')).body).toMatchObject({ questions: ['两个人一起改的问题', 'A 加的问题'], answer: '原来的答案' });
    // B deletes it while A has it open: A's save does not bring it back.
    const fresh = await fetch(`${server.url}/api/knowledge/shared`, { headers: { authorization: `Bearer ${token}` } });
    const freshVersion = fresh.headers.get('etag')!;
    expect((await api('/api/knowledge/shared', { method: 'DELETE' })).status).toBe(204);
    expect(await save((await fresh.json()) as Entry, freshVersion)).toMatchObject({ status: 404, body: { error: { code: 'KB_ENTRY_GONE' } } });
    expect((await api('/api/knowledge/shared')).status).toBe(404);
    // Without If-Match a PUT creates or replaces, as it always did.
    expect((await api('/api/knowledge/shared', { method: 'PUT', body: JSON.stringify({ questions: ['两个人一起改的问题'], answer: '新答案' }) })).status).toBe(200);
    expect((await api('/api/knowledge/shared', { method: 'PUT', body: JSON.stringify({ ...copy, answer: '又改了' }) })).status).toBe(200);
    expect((await api<Entry>('/api/knowledge/shared')).body.answer).toBe('又改了');
    expect((await api('/api/knowledge/shared', { method: 'DELETE' })).status).toBe(204);
  });

  it('deletes with If-Match only the version the operator saw: a delete from a copy someone changed since is refused and deletes nothing', async () => {
    expect((await api('/api/knowledge/doomed', { method: 'PUT', body: JSON.stringify({ questions: ['要删的问题是什么'], answer: '第一版' }) })).status).toBe(200);
    const seen = (await fetch(`${server.url}/api/knowledge/doomed`, { headers: { authorization: `Bearer ${token}` } })).headers.get('etag')!;
    expect((await api('/api/knowledge/doomed', { method: 'PUT', body: JSON.stringify({ questions: ['要删的问题是什么'], answer: '别人刚改的第二版' }) })).status).toBe(200);
    const refused = await api<{ error: { code: string; message: string } }>('/api/knowledge/doomed', { method: 'DELETE', headers: { 'if-match': seen } });
    expect(refused).toMatchObject({ status: 412, body: { error: { code: 'KB_ENTRY_CHANGED', message: expect.stringContaining('not deleted') } } });
    expect((await api<{ answer: string }>('/api/knowledge/doomed')).body.answer).toBe('别人刚改的第二版');
    expect((await api('/api/knowledge/doomed', { method: 'DELETE', headers: { 'if-match': 'not-a-version' } })).status).toBe(412);
    const current = (await fetch(`${server.url}/api/knowledge/doomed`, { headers: { authorization: `Bearer ${token}` } })).headers.get('etag')!;
    expect((await api('/api/knowledge/doomed', { method: 'DELETE', headers: { 'if-match': current } })).status).toBe(204);
    expect((await api('/api/knowledge/doomed')).status).toBe(404);
    expect(await api('/api/knowledge/doomed', { method: 'DELETE', headers: { 'if-match': current } })).toMatchObject({ status: 404, body: { error: { code: 'ENTRY_NOT_FOUND' } } });
  });

  it('round-trips lists holding | through CSV and XLSX, and refuses a file that is not UTF-8 by line', async () => {
    const tricky = { id: 'tricky', questions: ['is a | b allowed', 'a question on two lines', 'path C:\\new'], answer: 'yes', tags: ['a|b'] };
    // A question is one line: its line breaks are spaces (the editor reads a line as a question).
    expect((await api('/api/knowledge/tricky', { method: 'PUT', body: JSON.stringify({ ...tricky, questions: ['is a | b allowed', 'a question\non  two lines', 'path C:\\new'] }) })).status).toBe(200);
    expect((await api('/api/knowledge/tricky')).body).toEqual(tricky);
    for (const [format, type] of [['csv', 'text/csv'], ['xlsx', XLSX]] as const) {
      const exported = (await api<string | Buffer>(`/api/knowledge/export?format=${format}`)).body;
      expect((await api('/api/knowledge/tricky', { method: 'DELETE' })).status).toBe(204);
      expect((await api(`/api/knowledge/import?format=${format}`, { method: 'POST', body: typeof exported === 'string' ? exported : new Uint8Array(exported), headers: { 'content-type': type } })).status).toBe(200);
      expect((await api('/api/knowledge/tricky')).body).toEqual(tricky);
    }
    // Excel on Chinese Windows reads a CSV as GBK unless it starts with the UTF-8 byte-order mark; with it the file imports back unchanged.
    const before = (await api<unknown[]>('/api/knowledge')).body;
    const csvFile = Buffer.from(await (await fetch(`${server.url}/api/knowledge/export?format=csv`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
    expect([...csvFile.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csvPreview = await api<{ entries: number; creates: string[]; problems: unknown[] }>('/api/knowledge/import?format=csv&dryRun=true', { method: 'POST', body: new Uint8Array(csvFile), headers: { 'content-type': 'text/csv' } });
    expect(csvPreview.body).toMatchObject({ entries: before.length, creates: [], problems: [] });
    expect((await api('/api/knowledge/import?format=csv', { method: 'POST', body: new Uint8Array(csvFile), headers: { 'content-type': 'text/csv' } })).status).toBe(200);
    expect((await api<unknown[]>('/api/knowledge')).body).toEqual(before);
    // "id,questions,answer\nrefund,怎么退款,可以" saved as GBK
    const gbk = Buffer.concat([Buffer.from('id,questions,answer\nrefund,'), Buffer.from([0xd4, 0xf5, 0xc3, 0xb4, 0xcd, 0xcb, 0xbf, 0xee]), Buffer.from(','), Buffer.from([0xbf, 0xc9, 0xd2, 0xd4])]);
    const preview = await api<{ entries: number; problems: { line: number; message: string }[] }>('/api/knowledge/import?format=csv&dryRun=true', { method: 'POST', body: gbk, headers: { 'content-type': 'text/csv' } });
    expect(preview.body).toMatchObject({ entries: 0, problems: [{ line: 2, message: expect.stringContaining('not UTF-8') }] });
  });

  it("tests the bot with the pipeline's trace", async () => {
    const tested = await api<{ kind: string; entryId: string; trace: { stage: string }[] }>('/api/bot/test', { method: 'POST', body: JSON.stringify({ text: '课程可以退宽吗' }) });
    expect(tested.body).toMatchObject({ kind: 'answer', entryId: 'refund' });
    expect(tested.body.trace.map((t) => t.stage)).toEqual(expect.arrayContaining(['normalize', 'segment', 'recall-lexical', 'rerank', 'decide']));
    expect((await api('/api/bot/test', { method: 'POST', body: JSON.stringify({}) })).status).toBe(400);
    // A JSON body's types are kept: a number where text belongs is refused, not read as "12".
    expect(await api('/api/bot/test', { method: 'POST', body: JSON.stringify({ text: 12 }) })).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', message: expect.stringMatching(/text must be string/) } } });
  });

  it('saves, forgets and calibrates the answer bars, refusing bad ones clearly', async () => {
    const json = (body: unknown) => ({ body: JSON.stringify(body) });
    const initial = (await api<{ thresholds: Record<string, number>; configured: Record<string, number>; saved: boolean }>('/api/bot/thresholds')).body;
    // The fixture is bilingual: its English questions have bars of their own until an operator saves some.
    expect(initial).toEqual({ thresholds: DEFAULT_THRESHOLDS.lexical, englishThresholds: DEFAULT_THRESHOLDS['bilingual-english'], configured: DEFAULT_THRESHOLDS.lexical, saved: false });
    const kind = async () => (await api<{ kind: string }>('/api/bot/test', { method: 'POST', ...json({ text: '课程可以退款吗' }) })).body.kind;
    expect(await kind()).toBe('answer');
    for (const [bad, message] of [
      [{ answer: 0.2, suggest: 0.3, margin: 0 }, /suggest must not be above answer/],
      [{ answer: 0.2, suggest: 0.1, margin: 0, sharedWord: 0.3 }, /sharedWord must not be above answer/],
      [{ answer: 1.5, suggest: 0.1, margin: 0 }, /answer must be <= 1/],
      [{ answer: '0.5', suggest: 0.1, margin: 0 }, /answer must be number/],
      [{ answer: 0.5, suggest: 0.1 }, /required property 'margin'/],
      [{ answer: 0.5, suggest: 0.1, margin: 0, extra: 1 }, /additional properties/],
    ] as const) {
      expect(await api('/api/bot/thresholds', { method: 'PUT', ...json(bad) })).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', message: expect.stringMatching(message) } } });
    }
    expect((await api('/api/bot/thresholds')).body).toEqual(initial);
    // A bar no score reaches: the bot offers "did you mean" instead of answering, until the bars are forgotten.
    // Saved without a shared-word bar, questions sharing a word with their entry need the answer bar too.
    expect((await api('/api/bot/thresholds', { method: 'PUT', ...json({ answer: 1, suggest: 0.05, margin: 0 }) })).body).toMatchObject({ saved: true, thresholds: { answer: 1, sharedWord: 1 } });
    expect(await kind()).toBe('suggest');
    expect((await api('/api/bot/thresholds', { method: 'DELETE' })).body).toEqual(initial);
    expect(await kind()).toBe('answer');

    const queries = [
      { query: '退款怎么申请', id: 'refund' },
      { query: '课程能退钱吗', id: 'refund' },
      { query: '火星上的天气怎么样', id: null },
      { query: '你们卖手机吗', id: null },
    ];
    const calibration = await api<{ queries: number; inScope: number; current: { thresholds: unknown; balancedAccuracy: number }; calibrated: { thresholds: { answer: number; suggest: number; margin: number }; balancedAccuracy: number } }>('/api/bot/calibrate', { method: 'POST', ...json({ queries }) });
    expect(calibration.status).toBe(200);
    expect(calibration.body).toMatchObject({ queries: 4, inScope: 2, current: { thresholds: DEFAULT_THRESHOLDS.lexical }, warnings: [expect.stringMatching(/^only 2 questions the bot should answer/), expect.stringMatching(/^only 2 questions the bot should not answer/)] });
    expect(calibration.body.calibrated.balancedAccuracy).toBeGreaterThanOrEqual(calibration.body.current.balancedAccuracy);
    expect(calibration.body.calibrated.thresholds.suggest).toBeLessThanOrEqual(calibration.body.calibrated.thresholds.answer);
    expect((await api('/api/bot/thresholds')).body).toEqual(initial); // calibrating changes nothing by itself
    expect(await api('/api/bot/calibrate', { method: 'POST', ...json({ queries: [{ query: '退款', id: 'nope' }] }) })).toMatchObject({ status: 400, body: { error: { message: 'no entry has the id "nope"' } } });
    expect((await api('/api/bot/calibrate', { method: 'POST', ...json({ queries: [] }) })).status).toBe(400);

    // The same calibration in the background, followed to its end; 60 questions report progress on the way.
    const many = Array.from({ length: 15 }, () => queries).flat();
    const started = await api<CalibrationJob>('/api/bot/calibrations', { method: 'POST', ...json({ queries: many }) });
    expect(started).toMatchObject({ status: 202, body: { status: 'running', done: 0, total: 60 } });
    const seen: number[] = [];
    const finished = await until('the background calibration', async () => {
      const job = (await api<CalibrationJob>(`/api/bot/calibrations/${started.body.id}`)).body;
      seen.push(job.done);
      return job.status === 'done' && job;
    }, 10);
    expect(finished).toMatchObject({ done: 60, total: 60, result: { queries: 60, inScope: 30, calibrated: calibration.body.calibrated } });
    expect(seen.every((done, i) => i === 0 || done >= seen[i - 1]!)).toBe(true);
    expect(await api('/api/bot/calibrations/no-such-job')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect(await api('/api/bot/calibrations', { method: 'POST', ...json({ queries: [{ query: '退款', id: 'nope' }] }) })).toMatchObject({ status: 400, body: { error: { message: 'no entry has the id "nope"' } } });
  });

  it('reports analytics over a date range in a time zone, with a CSV export', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const report = (await api<AnalyticsReport>(`/api/analytics?from=${today}&to=${today}&tz=Asia/Shanghai`)).body;
    expect(report.totals.conversations).toBeGreaterThanOrEqual(7);
    expect(report.totals.handedOff).toBeGreaterThanOrEqual(1);
    expect(report.totals.botResolved + report.totals.handedOff).toBe(report.totals.conversations);
    expect(report.daily).toEqual([expect.objectContaining({ day: today, conversations: report.totals.conversations })]);
    const month = (await api<AnalyticsReport>(`/api/analytics?from=2026-01-01&to=2026-01-31`)).body;
    expect(month.daily.map((d) => d.day)).toHaveLength(31);
    expect(month.daily[30]).toEqual({ day: '2026-01-31', conversations: 0, botResolved: 0, handedOff: 0, csatAverage: null });
    // One hand-off: the visitor asked for a person, unless two unanswered questions had handed them over already.
    expect(report.handoffReasons).toEqual([{ reason: expect.stringMatching(/^(visitor-request|no-answer)$/), count: 1 }]);
    expect(report.topQuestions.map((q) => q.entryId)).toContain('japanese');
    expect(report.topUnanswered.length).toBeGreaterThan(0);
    expect(report.channels).toEqual([expect.objectContaining({ channel: 'web' })]);
    expect((await api<AnalyticsReport>('/api/analytics?from=2001-01-01&to=2001-01-31')).body.totals.conversations).toBe(0);
    expect((await api('/api/analytics?tz=Mars/Olympus')).status).toBe(400);
    expect((await api('/api/analytics?from=2026-02-01&to=2026-01-01')).status).toBe(400);
    for (const path of ['/api/analytics', '/api/conversations/search']) expect(await api(`${path}?from=0000-01-01&to=0000-01-02`)).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('"from" is not a calendar date') } } });
    expect((await api('/api/analytics?from=yesterday')).status).toBe(400);
    expect((await api<{ error: { message: string } }>('/api/analytics?from=2026-13-01')).body.error.message).toContain('not a calendar date');
    expect((await api('/api/analytics?to=2026-02-30')).status).toBe(400);
    const csv = (await api<string>(`/api/analytics/export?from=${today}&to=${today}&tz=Asia/Shanghai`)).body;
    expect(csv.replace(/^\ufeff/, '').split('\r\n')[0]).toBe('day,conversations,bot_resolved,handed_off,csat_average');
    expect(csv).toContain(`\r\ntotal,${report.totals.conversations},`);
    const visitors = (await api<string>('/api/visitors/export?tags=japanese')).body;
    expect(visitors.trim().split('\r\n').length).toBeGreaterThanOrEqual(2);
    expect(visitors).toContain('japanese');
  });

  it('keeps the operator endpoints for admins and logged-in agents', async () => {
    const anonymous = await fetch(`${server.url}/api/unanswered/clusters`);
    expect(anonymous.status).toBe(401);
    await api('/api/agents', { method: 'POST', body: JSON.stringify({ email: 'plain@example.com', name: 'Plain', password: 'plain-pass-1' }) });
    const plain = await loginAgent(server.url, 'plain@example.com', 'plain-pass-1');
    const forbidden = await fetch(`${server.url}/api/knowledge/import?format=csv`, { method: 'POST', headers: { authorization: `Bearer ${plain}`, 'content-type': 'text/csv' }, body: 'id,questions,answer\n' });
    expect(forbidden.status).toBe(403);
    expect((await fetch(`${server.url}/api/analytics`, { headers: { authorization: `Bearer ${plain}` } })).status).toBe(200);
  });
});
