import type { CampaignRequest, CampaignResult } from '@chatbot/protocol';
import { randomUUID } from 'node:crypto';
import type { ConversationService } from '../handoff/conversation-service.ts';
import type { Store } from '../store/store.ts';
import type { SegmentMember } from '../store/visitor-segments.ts';
import { inQuietHours } from './proactive-rules.ts';

/** WeChat (and similar channels) accept messages only within 48 hours of the visitor's last message. */
const CHANNEL_WINDOW_MS = 48 * 3600 * 1000;

/**
 * Sends an operator's message to a segment of visitors through their own channel: the web widget when the
 * visitor is online, other channels (WeChat's customer-service API) within their reply window. Blocked,
 * graylisted and opted-out visitors, quiet hours and the per-visitor frequency cap are respected; the result
 * says how many were reached and why the others were not.
 */
export function createCampaignSender(deps: { store: Store; conversations: ConversationService; isOnline: (visitorId: string) => Promise<boolean>; now?: () => Date }) {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  return async function sendCampaign(request: CampaignRequest, createdBy: string): Promise<CampaignResult> {
    const rules = await store.proactiveRules();
    const members = await store.findVisitors({ tags: request.tags, ...(request.inactiveDays ? { inactiveDays: request.inactiveDays } : {}), ...(request.seenWithinDays ? { seenWithinDays: request.seenWithinDays } : {}), ...(request.channels?.length ? { channels: request.channels } : {}) });
    const campaignId = randomUUID();
    const result: CampaignResult = { campaignId, matched: members.length, sent: 0, skipped: { optedOut: 0, blocked: 0, graylisted: 0, frequencyCap: 0, quietHours: 0, outsideWindow: 0, offline: 0 } };
    if (!request.dryRun) await store.createCampaign({ id: campaignId, text: request.text, segment: { tags: request.tags, inactiveDays: request.inactiveDays ?? null, seenWithinDays: request.seenWithinDays ?? null, channels: request.channels ?? null }, createdBy });
    const quiet = inQuietHours(rules, now());
    // Why a visitor gets nothing from this campaign, if they get nothing (the frequency cap is checked when storing).
    const skipReason = async ({ visitor, lastSeenAt }: SegmentMember): Promise<keyof CampaignResult['skipped'] | undefined> => {
      if (visitor.blocked) return 'blocked';
      if (visitor.optedOut) return 'optedOut';
      if (visitor.graylisted) return 'graylisted';
      if (quiet) return 'quietHours';
      if (visitor.channel === 'web') return (await deps.isOnline(visitor.id)) ? undefined : 'offline';
      return lastSeenAt && now().getTime() - Date.parse(lastSeenAt) <= CHANNEL_WINDOW_MS ? undefined : 'outsideWindow';
    };
    for (const member of members) {
      const { visitor } = member;
      const skip = await skipReason(member);
      if (skip) result.skipped[skip]++;
      else if (request.dryRun) {
        if ((await store.recentProactiveSends(visitor.id, rules.frequencyCap.days)) >= rules.frequencyCap.count) result.skipped.frequencyCap++;
        else result.sent++;
      } else {
        const outcome = await deps.conversations.proactive(visitor, { text: request.text, campaignId, cap: rules.frequencyCap });
        if (outcome === 'reserved') result.sent++;
        else result.skipped[outcome === 'opted-out' ? 'optedOut' : outcome === 'frequency-cap' ? 'frequencyCap' : outcome]++;
      }
    }
    if (!request.dryRun) await store.finishCampaign(campaignId, result);
    return result;
  };
}
