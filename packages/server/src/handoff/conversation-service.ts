import type { Bot } from '@chatbot/core';
import { answerInLanguageOf } from '@chatbot/core';
import type { AgentServerToClient, ChatMessage, ConversationDetail, ConversationSummary, HandoffReason, HandoffStatus, VisitorServerToClient, VisitorVisibleMessage, WebhookData, WebhookEvent } from '@chatbot/protocol';
import { asksNothing, botDraft, HISTORY_TURNS, historyOf, lastWordsOf, suggestedAnswers } from '../bot-replies.ts';
import { ServerError } from '../errors.ts';
import type { AgentRecord, ConversationRecord, MessageDraft, VisitorRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { StoredMessage } from '../store/insert-message.ts';
import type { VisitorHistoryPage } from '../store/visitor-history-queries.ts';
import { AgentAtCapacity } from '../store/patch-conversation.ts';
import { asksBesidesHandoff, asksForHuman } from './handoff-triggers.ts';
import type { Presence } from './presence.ts';
import { isWithinHours, type WorkingHours } from './working-hours.ts';
import { transition, type HandoffEvent } from './transition.ts';
import { oneAtATime } from './one-at-a-time.ts';
import { notePublished } from './turn-lines.ts';
import type { InFlight } from '../lifecycle/in-flight.ts';
import { optWord, type ProactiveRules } from '../proactive/proactive-rules.ts';
import type { Reservation } from '../store/proactive-queries.ts';
import type { UploadedFile } from '../files/uploaded-file.ts';
import type { WebhookNotifier } from '../webhooks/webhook-notifier.ts';
import type { WebhookAnnouncement } from '../store/webhook-queries.ts';

/** How the service reaches connected clients; socket.io rooms in production. */
export interface Emitter {
  toVisitor<E extends keyof VisitorServerToClient>(conversationId: string, event: E, ...args: Parameters<VisitorServerToClient[E]>): void;
  toAgents<E extends keyof AgentServerToClient>(event: E, ...args: Parameters<AgentServerToClient[E]>): void;
}

export interface HandoffSettings {
  /** Consecutive unanswered questions before the visitor is offered to a person. */
  noAnswerLimit: number;
  /** Seconds an agent takes per conversation on average, for the visitor's wait estimate. */
  averageHandleSeconds: number;
  /** Hours agents work; undefined = always. */
  workingHours?: WorkingHours;
  /** Phrases that hand the visitor to a person (the keyword rule); defaults to DEFAULT_HANDOFF_KEYWORDS. */
  handoffKeywords?: readonly string[];
}

const isVisible = (m: ChatMessage): m is VisitorVisibleMessage => m.type !== 'note';
/** The webhook event each hand-off step reports. */
const WEBHOOK_EVENT_OF: Partial<Record<HandoffEvent['type'], WebhookEvent>> = {
  'request-human': 'conversation.queued',
  assign: 'conversation.assigned',
  transfer: 'conversation.transferred',
  'transfer-to-group': 'conversation.transferred',
  'return-to-bot': 'conversation.returned-to-bot',
  close: 'conversation.closed',
};
/** How much of the transcript a conversation.queued event carries: enough to say what the visitor wants. */
const QUEUED_CONTEXT_MESSAGES = 6;
/** How long after a hand-off conversation closed a visitor who comes back is still asked to rate it. */
const RATING_OWED_MS = 24 * 60 * 60 * 1000;
/** How far back a hand-off looks for the bot's last answer, whose entry may name the agents' group. */
const RECENT_FOR_GROUP = 13;
const SYSTEM_TEXT: Record<string, string> = {
  queued: '已为您转接人工客服，请稍候。 / You are in the queue for a person.',
  assigned: '客服已接入。 / An agent has joined.',
  transferred: '已为您转接其他客服。 / You have been transferred to another agent.',
  'returned-to-bot': '人工客服已结束，机器人继续为您服务。 / The bot is back to help you.',
  closed: '会话已结束，感谢您的咨询。 / The conversation has ended. Thank you!',
  'opted-out': '已退订，我们不会再主动给您发消息。回复“订阅”可恢复。 / You will get no more messages from us. Reply "subscribe" to undo.',
  'opted-in': '已恢复订阅。 / You are subscribed again.',
};

/** The bot's reply to a file: it cannot read pictures, so it offers a person (the widget shows the button with it). */
const FILE_REPLY = '收到您的文件。机器人暂时看不懂图片和文件，如需人工查看，请点击或发送“转人工”。 / Got your file. The bot cannot read pictures or files yet: ask for a person and an agent will look at it.';
const IDLE_CLOSED_TEXT = '长时间没有新消息，会话已自动结束。有问题随时再问我。 / This conversation was closed after a long silence. Ask again any time.';
const VISITOR_LEFT_NOTE = '⚠ 访客已取消关注，消息无法再送达。 / The visitor unfollowed the account: messages can no longer reach them.';
/** The line of a conversation closed for silence: nobody is there to read it, so channels do not push it. */
export const isIdleClose = (m: ChatMessage) => m.type === 'system' && m.event === 'closed' && m.text === IDLE_CLOSED_TEXT;
/** The clientId of the bot's reply to a visitor message is this prefix and the message's id. */
export const REPLY_CLIENT_ID_PREFIX = 'reply-to:';

/**
 * Everything that happens in a conversation: visitor messages, bot answers, hand-off to people, agent
 * actions. State lives in the store; this service holds none, so a restart (or another node) loses nothing.
 */
export function createConversationService(deps: { store: Store; bot: () => Bot; presence: Presence; emit: Emitter; settings: HandoffSettings; now?: () => Date; inFlight: InFlight; proactiveRules: () => Promise<ProactiveRules>; webhooks?: Pick<WebhookNotifier, 'wants' | 'wake'>; isVisitorOnline?: (visitorId: string) => Promise<boolean>; crossNodeLock?: <T>(name: string, work: () => Promise<T>) => Promise<T>; queueChanged?: () => void }) {
  const { store, presence, emit, settings } = deps;
  const now = deps.now ?? (() => new Date());
  const track = <T>(work: Promise<T>) => deps.inFlight.track(work);
  const botTurns = oneAtATime();
  /** The event to queue with a change when some webhook wants it (the store queues it in the change's transaction). */
  async function announce<T>(event: WebhookEvent, data: (record: T) => WebhookData): Promise<WebhookAnnouncement<T> | undefined> {
    return deps.webhooks && (await deps.webhooks.wants(event)) ? { event, data } : undefined;
  }

  /** Whether the store should queue message.created deliveries with the messages it stores (cached; no insert when nobody listens). */
  const announceMessages = async () => (await deps.webhooks?.wants('message.created')) ?? false;

  /** A stored message to the visitor, the agents and (queued with the message by the store) the webhooks. */
  function publish<S extends StoredMessage>(stored: S): S {
    if (!stored.duplicate) {
      notePublished(stored.message);
      if (isVisible(stored.message)) emit.toVisitor(stored.message.conversationId, 'message', stored.message);
      emit.toAgents('message', stored.message);
    }
    if (stored.announced > 0) deps.webhooks?.wake();
    return stored;
  }

  async function post(conversation: ConversationRecord, draft: MessageDraft): Promise<StoredMessage> {
    return publish(await store.appendMessage(conversation.id, draft, await announceMessages()));
  }

  async function mustGet(conversationId: string): Promise<ConversationRecord> {
    const conversation = await store.getConversation(conversationId);
    if (!conversation) throw new ServerError('CONVERSATION_NOT_FOUND', `conversation ${conversationId} does not exist`);
    return conversation;
  }

  /**
   * Applies a state-machine event; throws INVALID_TRANSITION when it does not apply (or another node won).
   * `quietSince`: only if nothing happened in the conversation since then (the idle sweep).
   */
  async function apply(conversation: ConversationRecord, event: HandoffEvent, options: { quietSince?: Date } = {}): Promise<ConversationRecord> {
    const step = transition(conversation, event, now());
    if (!step.ok) throw new ServerError('INVALID_TRANSITION', step.reason);
    const guard = { state: step.guard.state, ...(event.type === 'assign' ? {} : { agentId: conversation.assignedAgentId }), ...(options.quietSince ? { quietSince: options.quietSince } : {}), withinCapacity: event.type === 'assign' || event.type === 'transfer' };
    const hook = WEBHOOK_EVENT_OF[event.type];
    const announcement = hook ? await transitionAnnouncement(hook, conversation, event) : undefined;
    const idle = options.quietSince !== undefined;
    const line: MessageDraft | undefined = step.system ? { type: 'system', event: step.system, text: (idle && step.system === 'closed' ? IDLE_CLOSED_TEXT : SYSTEM_TEXT[step.system]) ?? step.system } : undefined;
    const applied = await store
      .patchConversationWith(conversation.id, step.patch, guard, { announce: announcement, line, announceLine: line !== undefined && (await announceMessages()) })
      .catch((error: unknown) => {
        throw error instanceof AgentAtCapacity ? new ServerError('AGENT_AT_CAPACITY', error.message) : error;
      });
    if (!applied) throw new ServerError('ALREADY_ASSIGNED', 'the conversation changed meanwhile (another agent or node acted first)');
    if (announcement) deps.webhooks?.wake();
    if (applied.line) publish(applied.line);
    const next = applied.conversation;
    emit.toAgents('conversation:updated', await summary(next));
    emit.toVisitor(next.id, 'handoff', await status(next));
    if (conversation.state === 'queued' && next.state !== 'queued') deps.queueChanged?.(); // the ones behind moved up
    // Nobody is there to rate a conversation closed for silence.
    if (event.type === 'close' && !idle) emit.toVisitor(next.id, 'csat:request', { conversationId: next.id });
    return next;
  }

  /** A hand-off step's webhook event, its data read before the change (the visitor, what they asked) and completed by the changed conversation. */
  async function transitionAnnouncement(hook: WebhookEvent, conversation: ConversationRecord, event: HandoffEvent): Promise<WebhookAnnouncement<ConversationRecord> | undefined> {
    if (!deps.webhooks || !(await deps.webhooks.wants(hook))) return undefined;
    const [visitor, recent] = await Promise.all([store.getVisitor(conversation.visitorId), hook === 'conversation.queued' ? store.recentMessages(conversation.id, QUEUED_CONTEXT_MESSAGES) : undefined]);
    const fromAgentId = (event.type === 'transfer' || event.type === 'transfer-to-group') && conversation.assignedAgentId ? conversation.assignedAgentId : undefined;
    return {
      event: hook,
      data: (next) => ({
        conversation: summaryOf(next, visitor),
        ...(recent ? { recentMessages: recent.filter((m) => m.type !== 'note' && m.type !== 'system') } : {}),
        ...(fromAgentId ? { fromAgentId } : {}),
      }),
    };
  }

  function offHours(): boolean {
    const hours = settings.workingHours;
    if (!hours) return presence.online().length === 0;
    return !isWithinHours(now(), hours) || presence.online().length === 0;
  }

  /** Whether the agent serves the conversation's group (agents of no group serve every one). */
  const serves = (groups: readonly string[] | undefined, conversation: Pick<ConversationRecord, 'group'>) => !conversation.group || !groups?.length || groups.includes(conversation.group);

  /** Online agents with their capacity and groups as stored now (not as when they connected), so a change applies at once on every node. */
  async function onlineWithGroups() {
    const stored = new Map((await store.listAgents()).map((a) => [a.id, a]));
    return presence.online().flatMap((a) => {
      const agent = stored.get(a.id);
      return agent?.active ? [{ ...a, maxConversations: agent.maxConversations, groups: agent.groups }] : [];
    });
  }

  async function status(conversation: ConversationRecord): Promise<HandoffStatus> {
    const base: HandoffStatus = { state: conversation.state };
    if (conversation.state === 'agent' && conversation.assignedAgentId) {
      const agent = await store.agentById(conversation.assignedAgentId);
      return { ...base, ...(agent ? { agentName: agent.name } : {}) };
    }
    if (conversation.state !== 'queued') return base;
    // The visitor waits behind those the same agents serve.
    const queue = (await store.listConversations({ states: ['queued'] })).filter((c) => c.group === conversation.group || !c.group || !conversation.group);
    const position = queue.findIndex((c) => c.id === conversation.id) + 1;
    const eligible = (await onlineWithGroups()).filter((a) => serves(a.groups, conversation));
    const capacity = Math.max(1, eligible.reduce((n, a) => n + a.maxConversations, 0));
    return { ...base, position, etaSeconds: Math.ceil(position / capacity) * settings.averageHandleSeconds, offHours: offHours() || eligible.length === 0 };
  }

  async function summary(conversation: ConversationRecord, visitor?: VisitorRecord): Promise<ConversationSummary> {
    return summaryOf(conversation, visitor ?? (await store.getVisitor(conversation.visitorId)));
  }

  function summaryOf(conversation: ConversationRecord, v: VisitorRecord | undefined): ConversationSummary {
    const iso = (key: 'queuedAt' | 'assignedAt' | 'firstResponseAt' | 'closedAt') => (conversation[key] ? { [key]: conversation[key]!.toISOString() } : {});
    return {
      id: conversation.id,
      state: conversation.state,
      visitor: { visitorId: conversation.visitorId, channel: v?.channel ?? 'web', ...(v?.page ? { page: v.page } : {}), ...(v?.language ? { language: v.language } : {}), ...(v?.name ? { name: v.name } : {}), tags: v?.tags ?? [], ...(v?.optedOut ? { optedOut: true } : {}), ...(v?.graylisted ? { graylisted: true } : {}) },
      ...(conversation.assignedAgentId ? { assignedAgentId: conversation.assignedAgentId } : {}),
      ...(conversation.handoffReason ? { handoffReason: conversation.handoffReason } : {}),
      ...(conversation.group ? { group: conversation.group } : {}),
      ...(conversation.lastMessage ? { lastMessage: conversation.lastMessage } : {}),
      ...iso('queuedAt'),
      ...iso('assignedAt'),
      ...iso('firstResponseAt'),
      ...iso('closedAt'),
      createdAt: conversation.createdAt.toISOString(),
      ...(conversation.csat !== null ? { csat: conversation.csat } : {}),
      ...(conversation.csatComment ? { csatComment: conversation.csatComment } : {}),
      unread: 0,
    };
  }

  /** Summaries of many conversations, their visitors read in one query. */
  async function summaries(list: readonly ConversationRecord[]): Promise<ConversationSummary[]> {
    const visitors = await store.visitorsByIds(list.map((c) => c.visitorId));
    return Promise.all(list.map((c) => summary(c, visitors.get(c.visitorId))));
  }

  const queueSummaries = async () => summaries(await store.listConversations({ states: ['queued'] }));

  /** While an agent serves the conversation, only they or an admin may act on it (`what`: the action, for the error). */
  function mustOwnOrAdmin(agent: AgentRecord, conversation: ConversationRecord, what: string): void {
    if (conversation.state === 'agent' && conversation.assignedAgentId !== agent.id && agent.role !== 'admin') throw new ServerError('FORBIDDEN', `only the owner or an admin can ${what}`);
  }

  /** An agent cannot write to a closed conversation: nobody can take it, so "take it first" would be no answer. */
  function mustBeOpen(conversation: ConversationRecord, what: string): void {
    if (conversation.state === 'closed') throw new ServerError('CONVERSATION_CLOSED', `the conversation is closed: ${what} is no longer possible (the visitor's next message starts a new one)`);
  }

  /** The first thing an agent sends to the visitor starts the first-response clock's stop. */
  async function markFirstResponse(conversation: ConversationRecord): Promise<void> {
    if (conversation.firstResponseAt) return;
    const updated = await store.patchConversation(conversation.id, { firstResponseAt: now() });
    if (updated) emit.toAgents('conversation:updated', await summary(updated));
  }

  /**
   * Gives queued conversations, oldest first, to the least busy online agents with room who serve their group.
   * `passedOn`: a conversation its agent just handed to a group, which goes to someone else if anyone has room.
   */
  async function autoAssign(passedOn?: { conversationId: string; agentId: string }): Promise<void> {
    const queue = await store.listConversations({ states: ['queued'] });
    if (queue.length === 0) return;
    const active = await store.activeCounts();
    const online = await onlineWithGroups();
    for (const conversation of queue) {
      const candidates = online.filter((a) => serves(a.groups, conversation) && (active.get(a.id) ?? 0) < a.maxConversations).sort((a, b) => (active.get(a.id) ?? 0) - (active.get(b.id) ?? 0));
      const agent = conversation.id === passedOn?.conversationId ? (candidates.find((a) => a.id !== passedOn.agentId) ?? candidates[0]) : candidates[0];
      if (!agent) continue; // this group's agents are full or away; another group's visitor may still be served
      try {
        await apply(conversation, { type: 'assign', agentId: agent.id });
        active.set(agent.id, (active.get(agent.id) ?? 0) + 1);
      } catch (error) {
        if (!(error instanceof ServerError)) throw error; // taken by someone else meanwhile: go on with the next
      }
    }
  }

  /**
   * The agents' group a hand-off goes to: that of the entry the bot answered last (what the visitor needs, e.g.
   * refunds to 售后), else the one the visitor's page or channel names.
   */
  async function handoffGroup(conversation: ConversationRecord): Promise<string | null> {
    const lastAnswer = (await store.recentMessages(conversation.id, RECENT_FOR_GROUP)).findLast((m) => m.type === 'bot-answer');
    const entryGroup = lastAnswer?.type === 'bot-answer' && lastAnswer.entryId ? deps.bot().getEntry(lastAnswer.entryId)?.group : undefined;
    return entryGroup ?? (await store.getVisitor(conversation.visitorId))?.group ?? null;
  }

  async function handOff(conversation: ConversationRecord, reason: HandoffReason): Promise<ConversationRecord> {
    if (conversation.flowState) await store.setFlowState(conversation.id, null); // a person takes over: the task flow ends
    const queued = await apply(conversation, { type: 'request-human', reason, group: await handoffGroup(conversation) });
    emit.toAgents('queue', await queueSummaries());
    await autoAssign();
    return (await store.getConversation(queued.id)) ?? queued;
  }

  /**
   * The bot's turn after a visitor message; silent while a person owns or awaits the conversation.
   * The reply's clientId names the question, so a question is answered at most once even when two
   * connections (or two nodes) resume the same interrupted turn at the same moment.
   */
  function botTurn(conversation: ConversationRecord, question: { id: string; text: string }, visitor: VisitorRecord): Promise<void> {
    // One turn at a time per conversation, each on the conversation as the turn before left it (its flow step):
    // in order on this node, and under a cluster-wide lock against a turn on another node (two tabs, two nodes).
    const crossNode = deps.crossNodeLock ?? ((_name, work) => work());
    return botTurns(conversation.id, () => crossNode(`bot-turn:${conversation.id}`, async () => answerQuestion((await store.getConversation(conversation.id)) ?? conversation, question, visitor)));
  }

  /**
   * A resent question (same clientId) whose first turn died with its node, or failed, is answered now; one
   * answered or being answered is not answered twice (the turn checks for its reply). Only the visitor's last
   * question: an old one resent late is not answered out of turn.
   */
  async function answerIfUnanswered(conversation: ConversationRecord, message: ChatMessage, visitor: VisitorRecord): Promise<void> {
    if (message.type !== 'visitor-text' || conversation.state !== 'bot' || optWord(await deps.proactiveRules(), message.text)) return;
    const lastQuestion = (await store.recentMessages(conversation.id, 20)).findLast((m) => m.type === 'visitor-text');
    if (lastQuestion?.id !== message.id) return;
    await botTurn(conversation, message, visitor);
  }

  async function answerQuestion(conversation: ConversationRecord, question: { id: string; text: string }, visitor: VisitorRecord): Promise<void> {
    const { text } = question;
    if (conversation.state !== 'bot') return;
    // The question, the turns before it, and room for messages that are no turns (system lines, files).
    const recent = await store.recentMessages(conversation.id, HISTORY_TURNS * 2 + 1);
    // Answered already: this is a resent question (a reconnect, a channel's retry) whose first turn finished.
    if (recent.some((m) => m.clientId === `${REPLY_CLIENT_ID_PREFIX}${question.id}`)) return;
    if (asksForHuman(text, settings.handoffKeywords)) {
      await handOff(conversation, 'visitor-request');
      return;
    }
    emit.toVisitor(conversation.id, 'typing', { from: 'bot', typing: true });
    const asked = recent.findIndex((m) => m.id === question.id);
    const before = recent.slice(0, asked >= 0 ? asked : -1);
    const history = historyOf(before);
    const outcome = await deps.bot().ask({ text, history, flow: conversation.flowState });
    if (outcome.kind === 'flow' || conversation.flowState) await store.setFlowState(conversation.id, outcome.kind === 'flow' ? outcome.flow : null);
    emit.toVisitor(conversation.id, 'typing', { from: 'bot', typing: false });
    const afterAnswer = before.findLast((m) => m.type.startsWith('bot-') || m.type === 'agent-text')?.type === 'bot-answer';
    const reply = await post(conversation, { ...botDraft(outcome, text, visitor.language, { afterAnswer, lastWords: lastWordsOf(before) }), clientId: `${REPLY_CLIENT_ID_PREFIX}${question.id}` });
    if (reply.duplicate) return;
    if (outcome.kind === 'answer') {
      const tags = deps.bot().getEntry(outcome.entryId)?.tags?.filter((t) => !visitor.tags.includes(t));
      if (tags?.length) {
        await store.updateVisitor(visitor.id, { addTags: tags });
        visitor.tags.push(...tags);
      }
    }
    // A message that asks nothing (an emoji, marks alone) is no unanswered question and no step toward a hand-off.
    if (asksNothing(outcome)) return;
    const streak = outcome.kind === 'no-answer' ? conversation.noAnswerStreak + 1 : 0;
    if (outcome.kind === 'no-answer' || outcome.kind === 'suggest') await store.addUnanswered(conversation.id, text, outcome.kind);
    if (streak === conversation.noAnswerStreak) return;
    const updated = await store.patchConversation(conversation.id, { noAnswerStreak: streak });
    if (updated && streak >= settings.noAnswerLimit) await handOff(updated, 'no-answer');
  }

  return {
    status,
    summary,
    summaries,
    autoAssign,
    /** Stores a visitor message (idempotent by clientId) and runs the bot's turn in the background via `after`. */
    async visitorMessage(visitor: VisitorRecord, input: { clientId: string; text: string }, current?: ConversationRecord): Promise<{ message: ChatMessage; duplicate?: boolean; after: Promise<void> }> {
      const conversation = current ?? (await store.currentConversation(visitor.id));
      // An opt-out word is an instruction, not a question. The flag is set before the message is stored, so a
      // proactive message racing it is either refused or stored before it (see storeProactiveMessage).
      const opt = optWord(await deps.proactiveRules(), input.text);
      if (opt) await store.setOptedOut(visitor.id, opt === 'out');
      // Stored in the conversation it was sent to, or (closed meanwhile) the visitor's open one: the one it is in is answered.
      const { message, duplicate, conversation: storedIn } = publish(await store.appendVisitorMessage(visitor.id, conversation.id, { type: 'visitor-text', text: input.text, clientId: input.clientId }, await announceMessages()));
      if (duplicate) return { message, duplicate, after: track(answerIfUnanswered(storedIn, message, visitor)) };
      if (opt) {
        const event = opt === 'out' ? 'opted-out' : 'opted-in';
        return { message, after: track(post(storedIn, { type: 'system', event, text: SYSTEM_TEXT[event]! }).then(() => undefined)) };
      }
      return { message, after: track(botTurn(storedIn, { id: message.id, text: input.text }, visitor)) };
    },
    /**
     * Stores a file the visitor sent. The bot cannot read it: while the bot serves the conversation it says
     * so and offers a person; a queued or assigned conversation's agent simply sees it.
     */
    async visitorFile(visitor: VisitorRecord, input: { clientId: string; file: UploadedFile }): Promise<{ message: ChatMessage; after: Promise<void> }> {
      const sentTo = await store.currentConversation(visitor.id);
      const { message, duplicate, conversation } = publish(await store.appendVisitorFileMessage({ visitorId: visitor.id, conversationId: sentTo.id, clientId: input.clientId }, input.file, (file) => ({ type: 'visitor-file', file, clientId: input.clientId }), await announceMessages()));
      if (duplicate || conversation.state !== 'bot') return { message, after: Promise.resolve() };
      // Several pictures in a row get the offer once.
      const before = (await store.recentMessages(conversation.id, 20)).reverse().find((m) => m.type !== 'visitor-file');
      if (before?.type === 'bot-fallback' && before.reason === 'file') return { message, after: Promise.resolve() };
      const reply = post(conversation, { type: 'bot-fallback', reason: 'file', text: FILE_REPLY, clientId: `${REPLY_CLIENT_ID_PREFIX}${message.id}` });
      return { message, after: track(reply.then(() => undefined)) };
    },
    /** Sends a file to the visitor from the agent who owns the conversation. */
    async agentFile(agent: AgentRecord, input: { conversationId: string; clientId: string; file: UploadedFile }): Promise<ChatMessage> {
      const conversation = await mustGet(input.conversationId);
      mustBeOpen(conversation, 'sending files');
      if (conversation.state !== 'agent' || conversation.assignedAgentId !== agent.id) throw new ServerError('FORBIDDEN', 'take the conversation before sending files');
      const { message, duplicate } = publish(await store.appendFileMessage(conversation.id, input.file, (file) => ({ type: 'agent-file', file, agentId: agent.id, agentName: agent.name, clientId: input.clientId }), await announceMessages()));
      if (!duplicate) await markFirstResponse(conversation);
      return message;
    },
    /** Stores an operator's proactive message in the visitor's conversation, if the rules allow, and sends it to their channel. */
    async proactive(visitor: VisitorRecord, input: { text: string; campaignId: string; cap: ProactiveRules['frequencyCap'] }): Promise<Reservation> {
      const conversation = await store.currentConversation(visitor.id);
      const { outcome, message } = await store.storeProactiveMessage({ visitorId: visitor.id, conversationId: conversation.id, ...input, announce: await announceMessages() });
      if (message && isVisible(message)) {
        emit.toVisitor(conversation.id, 'message', message);
        emit.toAgents('message', message);
        deps.webhooks?.wake(); // the store queued its message.created deliveries with it
      }
      return outcome;
    },
    async pickSuggestion(visitor: VisitorRecord, input: { clientId: string; entryId: string; question?: string }): Promise<ChatMessage> {
      const conversation = await store.currentConversation(visitor.id);
      const entry = deps.bot().getEntry(input.entryId);
      if (!entry) throw new ServerError('ENTRY_NOT_FOUND', 'that suggestion is no longer available');
      // The chip's own question (in the visitor's language) when it is one of the entry's; a stale or foreign text is not posted.
      const question = input.question !== undefined && entry.questions.includes(input.question) ? input.question : (entry.questions[0] ?? entry.id);
      const asked = publish(await store.appendVisitorMessage(visitor.id, conversation.id, { type: 'visitor-text', text: question, clientId: input.clientId }, await announceMessages()));
      if (!asked.duplicate && asked.conversation.state === 'bot') await post(asked.conversation, { type: 'bot-answer', text: answerInLanguageOf(entry.answer, question), entryId: entry.id, confidence: 1, clientId: `${REPLY_CLIENT_ID_PREFIX}${asked.message.id}` });
      return asked.message;
    },
    async feedback(visitor: VisitorRecord, input: { messageId: string; helpful: boolean }): Promise<void> {
      const message = await store.getMessage(input.messageId);
      const conversation = message && (await store.getConversation(message.conversationId));
      if (!message || !conversation || conversation.visitorId !== visitor.id) throw new ServerError('NOT_FOUND', 'no such message in your conversation');
      if (!message.type.startsWith('bot-')) throw new ServerError('FEEDBACK_NOT_ALLOWED', "only the bot's messages can be rated helpful or not");
      await store.addFeedback(message.id, conversation.id, input.helpful);
      if (!input.helpful && message.type === 'bot-answer' && conversation.state === 'bot') {
        const asked = (await store.recentMessages(conversation.id, 20)).reverse().find((m) => m.type === 'visitor-text' && m.seq < message.seq);
        await store.addUnanswered(conversation.id, asked && 'text' in asked ? asked.text : message.text.slice(0, 100), 'not-helpful');
        // A bad answer is a hand-off trigger: a person takes over rather than the bot guessing again.
        await handOff(conversation, 'negative-feedback');
      }
    },
    async requestHuman(visitor: VisitorRecord, reason: HandoffReason = 'visitor-request'): Promise<HandoffStatus> {
      const conversation = await store.currentConversation(visitor.id);
      if (conversation.state !== 'bot') return status(conversation);
      return status(await handOff(conversation, reason));
    },
    /**
     * Questions of these visitors (those connected to this node) that were acknowledged at or before `askedBefore`
     * and still have no answer: their node died between acknowledging and answering, or the turn failed. The bot
     * answers each now, a conversation's in order. A turn takes the conversation's cluster-wide lock and checks
     * for the question's reply under it, so a question another node is still answering (slowly) is not answered twice.
     * `take`: whether to answer this question now (the sweep's own bookkeeping of the ones it started).
     */
    async answerWaitingQuestions(visitorIds: readonly string[], askedBefore: Date, take: (questionId: string) => { done: () => void } | undefined): Promise<{ turns: Promise<unknown> }> {
      const waiting = await store.waitingQuestions(visitorIds, askedBefore, REPLY_CLIENT_ID_PREFIX);
      if (waiting.length === 0) return { turns: Promise.resolve() };
      const rules = await deps.proactiveRules();
      const byConversation = new Map<string, { visitorId: string; question: ChatMessage & { type: 'visitor-text' }; taken: { done: () => void } }[]>();
      for (const { visitorId, message } of waiting) {
        const taken = optWord(rules, message.text) ? undefined : take(message.id);
        if (taken) byConversation.set(message.conversationId, [...(byConversation.get(message.conversationId) ?? []), { visitorId, question: message, taken }]);
      }
      const answerInOrder = async (questions: NonNullable<ReturnType<typeof byConversation.get>>) => {
        for (const { visitorId, question, taken } of questions) {
          try {
            const [visitor, conversation] = await Promise.all([store.getVisitor(visitorId), store.getConversation(question.conversationId)]);
            if (visitor && conversation) await botTurn(conversation, question, visitor);
          } finally {
            taken.done();
          }
        }
      };
      return { turns: track(Promise.all([...byConversation.values()].map(answerInOrder))) };
    },
    /**
     * What was written to the visitor after `afterSeq` of `conversationId` (their current conversation when not
     * given): the rest of it, then their later conversations, a page of at most `limit` messages at a time.
     */
    async visitorHistory(visitor: VisitorRecord, input: { conversationId?: string; afterSeq: number; limit: number }): Promise<VisitorHistoryPage> {
      const from = input.conversationId ?? (await store.currentConversation(visitor.id)).id;
      const page = await store.visitorMessagesAfter(visitor.id, from, input.afterSeq, input.limit);
      if (!page) throw new ServerError('CONVERSATION_NOT_FOUND', 'no conversation of this visitor has that id');
      return page;
    },
    /**
     * The visitor's latest closed conversation when it was handed to people, is not rated and closed within the day:
     * a visitor who was away when it closed (the request went nowhere) or reloaded the page is asked again on coming back.
     */
    async ratingOwed(visitor: VisitorRecord, now = new Date()): Promise<ConversationRecord | undefined> {
      const latest = await store.latestClosedConversation(visitor.id);
      if (!latest?.closedAt || latest.csat !== null || (latest.queuedAt === null && latest.assignedAgentId === null)) return undefined;
      return now.getTime() - latest.closedAt.getTime() <= RATING_OWED_MS ? latest : undefined;
    },
    async csat(visitor: VisitorRecord, input: { score: number; comment?: string }): Promise<void> {
      const latest = await store.latestClosedConversation(visitor.id);
      if (!latest) throw new ServerError('NOT_FOUND', 'no closed conversation to rate');
      const rating = { score: input.score, ...(input.comment ? { comment: input.comment } : {}) };
      const announcement = await announce<ConversationRecord>('conversation.rated', (rated) => ({ conversation: summaryOf(rated, visitor), rating }));
      await store.patchConversationWith(latest.id, { csat: input.score, ...(input.comment ? { csatComment: input.comment } : {}) }, {}, { announce: announcement });
      if (announcement) deps.webhooks?.wake();
    },
    /** Keeps a visitor's message for later (outside working hours, nobody online) and tells the webhooks. */
    async leaveMessage(visitor: VisitorRecord, input: { name?: string; contact: string; text: string }): Promise<void> {
      const announcement = await announce<undefined>('left-message.created', () => ({ leftMessage: { visitorId: visitor.id, ...input } }));
      await store.leaveMessage(visitor.id, input, announcement);
      if (announcement) deps.webhooks?.wake();
    },
    async detail(conversationId: string): Promise<ConversationDetail> {
      const conversation = await mustGet(conversationId);
      const messages = await store.messages(conversation.id);
      // The visitor's last question, not their "转人工": that is what the agent will answer.
      const question = [...messages].reverse().find((m) => m.type === 'visitor-text' && asksBesidesHandoff(m.text, settings.handoffKeywords));
      const [visitorOnline, suggested] = await Promise.all([deps.isVisitorOnline?.(conversation.visitorId) ?? false, question?.type === 'visitor-text' ? suggestedAnswers(deps.bot(), question.text) : []]);
      return { conversation: await summary(conversation), messages, suggestedAnswers: suggested, visitorOnline };
    },
    async take(agent: AgentRecord, conversationId: string): Promise<ConversationRecord> {
      const conversation = await mustGet(conversationId);
      const active = (await store.activeCounts()).get(agent.id) ?? 0;
      if (active >= agent.maxConversations) throw new ServerError('AGENT_AT_CAPACITY', `you already have ${active} conversations (limit ${agent.maxConversations})`);
      return apply(conversation, { type: 'assign', agentId: agent.id });
    },
    async reply(agent: AgentRecord, input: { conversationId: string; clientId: string; text: string; note: boolean }): Promise<ChatMessage> {
      const conversation = await mustGet(input.conversationId);
      if (!input.note) mustBeOpen(conversation, 'replying');
      if (!input.note && (conversation.state !== 'agent' || conversation.assignedAgentId !== agent.id)) throw new ServerError('FORBIDDEN', 'take the conversation before replying');
      const draft: MessageDraft = input.note ? { type: 'note', text: input.text, agentId: agent.id, agentName: agent.name, clientId: input.clientId } : { type: 'agent-text', text: input.text, agentId: agent.id, agentName: agent.name, clientId: input.clientId };
      const { message, duplicate } = await post(conversation, draft);
      if (!duplicate && !input.note) await markFirstResponse(conversation);
      return message;
    },
    async transfer(agent: AgentRecord, conversationId: string, toAgentId: string): Promise<void> {
      const conversation = await mustGet(conversationId);
      if (conversation.assignedAgentId !== agent.id && agent.role !== 'admin') throw new ServerError('FORBIDDEN', 'only the owner or an admin can transfer');
      const target = await store.agentById(toAgentId);
      if (!target) throw new ServerError('NOT_FOUND', 'no such agent');
      if (!target.active) throw new ServerError('AGENT_INACTIVE', `${target.name} is deactivated and cannot take conversations`);
      const active = (await store.activeCounts()).get(target.id) ?? 0;
      if (active >= target.maxConversations) throw new ServerError('AGENT_AT_CAPACITY', `${target.name} already has ${active} conversations (limit ${target.maxConversations})`);
      await apply(conversation, { type: 'transfer', agentId: toAgentId });
    },
    /** Puts the conversation back in the queue for the agents of `group` (转接到技能组); its owner or an admin may. */
    async transferToGroup(agent: AgentRecord, conversationId: string, group: string): Promise<void> {
      const conversation = await mustGet(conversationId);
      mustOwnOrAdmin(agent, conversation, 'transfer');
      await apply(conversation, { type: 'transfer-to-group', group });
      emit.toAgents('queue', await queueSummaries());
      await autoAssign(conversation.assignedAgentId ? { conversationId, agentId: conversation.assignedAgentId } : undefined);
    },
    async close(agent: AgentRecord, conversationId: string): Promise<void> {
      const conversation = await mustGet(conversationId);
      mustOwnOrAdmin(agent, conversation, 'close');
      await apply(conversation, { type: 'close' });
      await autoAssign();
    },
    /**
     * A channel visitor left (unfollowed the account): nothing reaches them now. A queued conversation is
     * closed, so no agent takes it; an agent's is left to them with a note saying so.
     */
    async visitorLeftChannel(visitor: VisitorRecord): Promise<void> {
      const conversation = await store.openConversation(visitor.id);
      if (!conversation || conversation.state === 'bot') return;
      await post(conversation, { type: 'note', text: VISITOR_LEFT_NOTE, agentId: 'system', agentName: 'system' });
      if (conversation.state === 'queued') await apply(conversation, { type: 'close' });
    },
    /** Closes a conversation nothing happened in since `quietSince` (the idle sweep); false when something did meanwhile. */
    async closeQuiet(conversation: ConversationRecord, quietSince: Date): Promise<boolean> {
      try {
        await apply(conversation, { type: 'close' }, { quietSince });
      } catch (error) {
        if (error instanceof ServerError) return false; // a message came in, or another node closed it first
        throw error;
      }
      if (conversation.state === 'agent') await autoAssign(); // the agent has room for a waiting visitor
      return true;
    },
    async returnToBot(agent: AgentRecord, conversationId: string): Promise<void> {
      const conversation = await mustGet(conversationId);
      mustOwnOrAdmin(agent, conversation, 'hand back');
      await apply(conversation, { type: 'return-to-bot' });
      await autoAssign();
    },
    queue: queueSummaries,
    /** Whether the agent is the one serving the conversation now. */
    async isServedBy(conversationId: string, agentId: string): Promise<boolean> {
      const conversation = await store.getConversation(conversationId);
      return conversation?.state === 'agent' && conversation.assignedAgentId === agentId;
    },
    /** The agent's conversations, each with how many of the visitor's messages they have not read. */
    async mine(agentId: string): Promise<ConversationSummary[]> {
      const list = await summaries(await store.listConversations({ states: ['agent'], agentId }));
      const unread = await store.unreadCounts(agentId, list.map((c) => c.id));
      return list.map((c) => ({ ...c, unread: unread.get(c.id) ?? 0 }));
    },
    /** The agent serving the conversation has read it up to `seq`. */
    async markRead(conversationId: string, agentId: string, seq: number): Promise<void> {
      await store.markAgentRead(conversationId, agentId, seq);
    },
  };
}

export type ConversationService = ReturnType<typeof createConversationService>;
