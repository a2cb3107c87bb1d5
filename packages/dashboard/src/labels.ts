// The operator's browser language decides (the page itself is bilingual).
const zh = (navigator.language || document.documentElement.lang || '').startsWith('zh');

const ZH = {
  title: '运营后台', email: '邮箱', password: '密码', login: '登录', logout: '退出', adminOnly: '只有管理员可以修改；您可以查看。',
  knowledge: '知识库', unanswered: '未解决问题', test: '测试机器人', analytics: '数据分析', campaigns: '主动服务',
  search: '搜索问题或答案', newEntry: '新建条目', save: '保存', delete: '删除', cancel: '取消', confirmDelete: '确定删除这个条目吗？',
  id: '编号', questions: '问题（每行一个）', answer: '答案', tags: '标签（逗号分隔）', saved: '已保存，机器人已生效',
  importFile: '导入文件', preview: '预览', import: '导入', export: '导出', creates: '新增', updates: '更新', problems: '问题', line: '行', noProblems: '没有问题，可以导入', imported: '已导入',
  askedTimes: '次', addTo: '加入条目', createEntry: '新建条目', dismiss: '忽略', agentAnswers: '人工客服的回答', nearest: '最接近的条目', none: '暂无未解决问题', similarity: '归并阈值',
  ask: '提问', outcome: '结果', confidence: '置信度', candidates: '候选', trace: '处理过程',
  from: '从', to: '到', channel: '渠道', all: '全部', refresh: '刷新', csv: '导出 CSV',
  conversations: '会话数', botResolution: '机器人解决率', handoffRate: '转人工率', firstResponse: '首次响应（中位）', wait: '排队等待（中位）', csat: '满意度', helpful: '答案有用率',
  perDay: '每日会话', botResolved: '机器人解决', handedOff: '转人工', reasons: '转人工原因', csatDistribution: '满意度分布', topQuestions: '热门问题', topUnanswered: '热门未解决', byChannel: '分渠道',
  text: '消息内容', segmentTags: '访客标签（全部满足，逗号分隔）', inactiveDays: '至少几天没来', seenWithinDays: '最近几天来过', dryRun: '预估人数', send: '发送', matched: '匹配', sent: '已发送', skipped: '未发送',
  answerBars: '回答门槛', answerBarsHelp: '得分达到“回答”就直接回答；在“推荐”和“回答”之间给出“您是不是想问”；低于“推荐”则转人工。第一名须领先第二名“差距”以上。', barAnswer: '回答', barSuggest: '推荐', barMargin: '差距',
  inUse: '当前', savedBars: '已保存（所有节点）', configuredBars: '配置值', proposed: '校准建议', balancedAccuracy: '均衡准确率', useConfigured: '恢复配置值', applyProposed: '采用建议',
  labelledQueries: '带标注的问题（每行 {"query", "id"}，id 为 null 表示不该回答）', labelledLine: '需要 {"query": "…", "id": "条目编号" 或 null}', calibrate: '校准', calibrating: '校准中',
  synonyms: '同义词', synonymsHelp: '每行一组，第一个是标准词，其余说法都当作它（如“退款, 退钱, 退费”）；# 后是注释。保存后机器人用新词表重建，所有节点生效。', savedSynonyms: '已保存（所有节点）', configuredSynonyms: '配置值', rebuilding: '正在重建…', synonymTable: '同义词表', groups: '组',
  team: '团队', agents: '客服', addAgent: '添加客服', agentName: '姓名', role: '角色', roleAgent: '客服', roleAdmin: '管理员', maxConversations: '同时接待', active: '启用', newPassword: '新密码（不改则留空）',
  cannedReplies: '快捷回复', teamSaved: '已保存', addReply: '添加快捷回复', replyTitle: '标题', replyText: '回复内容',
  eraseVisitor: '删除该访客的全部数据', confirmErase: '删除该访客的所有会话、消息、文件和留言？此操作不可撤销。',
  history: '会话记录', searchConversations: '搜索消息内容或文件名', searchButton: '查找', state: '状态', began: '开始时间', lastMessage: '最后消息', noConversations: '没有符合条件的会话',
  showing: (a: number, b: number, n: number) => `第 ${a}–${b} 条，共 ${n} 条`, note: '内部备注', visitor: '访客', bot: '机器人',
  rules: '规则', frequencyCap: '每位访客每 7 天最多', quietHours: '免打扰时段', optOutWords: '退订关键词', graylist: '灰名单', blocklist: '黑名单', visitorId: '访客编号',
};
const EN: typeof ZH = {
  title: 'Operator dashboard', email: 'Email', password: 'Password', login: 'Log in', logout: 'Log out', adminOnly: 'Only admins can make changes; you can look.',
  knowledge: 'Knowledge base', unanswered: 'Unanswered', test: 'Test the bot', analytics: 'Analytics', campaigns: 'Proactive messages',
  search: 'Search questions or answers', newEntry: 'New entry', save: 'Save', delete: 'Delete', cancel: 'Cancel', confirmDelete: 'Delete this entry?',
  id: 'Id', questions: 'Questions (one per line)', answer: 'Answer', tags: 'Tags (comma-separated)', saved: 'Saved; the bot uses it now',
  importFile: 'Import a file', preview: 'Preview', import: 'Import', export: 'Export', creates: 'new', updates: 'updated', problems: 'problems', line: 'line', noProblems: 'No problems: ready to import', imported: 'Imported',
  askedTimes: '×', addTo: 'Add to', createEntry: 'Create an entry', dismiss: 'Dismiss', agentAnswers: 'What agents answered', nearest: 'Nearest entries', none: 'Nothing unanswered', similarity: 'Grouping threshold',
  ask: 'Ask', outcome: 'Outcome', confidence: 'confidence', candidates: 'Candidates', trace: 'Trace',
  from: 'From', to: 'To', channel: 'Channel', all: 'all', refresh: 'Refresh', csv: 'Export CSV',
  conversations: 'Conversations', botResolution: 'Bot resolution', handoffRate: 'Hand-off rate', firstResponse: 'First response (median)', wait: 'Wait (median)', csat: 'CSAT', helpful: 'Helpful answers',
  perDay: 'Conversations per day', botResolved: 'bot resolved', handedOff: 'handed off', reasons: 'Hand-off reasons', csatDistribution: 'CSAT distribution', topQuestions: 'Top questions', topUnanswered: 'Top unanswered', byChannel: 'By channel',
  text: 'Message', segmentTags: 'Visitor tags (all of them, comma-separated)', inactiveDays: 'Away for at least N days', seenWithinDays: 'Seen within N days', dryRun: 'Count recipients', send: 'Send', matched: 'matched', sent: 'sent', skipped: 'skipped',
  answerBars: 'Answer bars', answerBarsHelp: 'From the "answer" score the bot answers; between "suggest" and "answer" it asks "did you mean"; below "suggest" it hands off. The best entry must lead the next by the margin.', barAnswer: 'answer', barSuggest: 'suggest', barMargin: 'margin',
  inUse: 'In use', savedBars: 'saved (every node)', configuredBars: 'configured', proposed: 'Calibrated', balancedAccuracy: 'balanced accuracy', useConfigured: 'Back to configured', applyProposed: 'Apply calibrated',
  labelledQueries: 'Labelled questions (one {"query", "id"} per line; id null: should not be answered)', labelledLine: 'needs {"query": "…", "id": "entry id" or null}', calibrate: 'Calibrate', calibrating: 'Calibrating',
  synonyms: 'Synonyms', synonymsHelp: 'One group per line, the kept word first; the others are read as it ("refund, money back, reimbursement"); # starts a comment. Saving rebuilds the bot with the table on every node.', savedSynonyms: 'saved (every node)', configuredSynonyms: 'configured', rebuilding: 'rebuilding…', synonymTable: 'Synonym table', groups: 'groups',
  team: 'Team', agents: 'Agents', addAgent: 'Add agent', agentName: 'Name', role: 'Role', roleAgent: 'agent', roleAdmin: 'admin', maxConversations: 'At once', active: 'active', newPassword: 'New password (blank: keep)',
  cannedReplies: 'Canned replies', teamSaved: 'Saved', addReply: 'Add canned reply', replyTitle: 'Title', replyText: 'Reply text',
  eraseVisitor: "Erase this visitor's data", confirmErase: 'Erase every conversation, message, file and left message of this visitor? This cannot be undone.',
  history: 'Conversations', searchConversations: 'Search message text or file names', searchButton: 'Find', state: 'State', began: 'Began', lastMessage: 'Last message', noConversations: 'No conversation matches',
  showing: (a, b, n) => `${a}–${b} of ${n}`, note: 'internal note', visitor: 'visitor', bot: 'bot',
  rules: 'Rules', frequencyCap: 'At most per visitor per 7 days', quietHours: 'Quiet hours', optOutWords: 'Opt-out words', graylist: 'Graylist', blocklist: 'Blocklist', visitorId: 'Visitor id',
};

export const L = zh ? ZH : EN;
export const locale = zh ? 'zh-CN' : 'en';
