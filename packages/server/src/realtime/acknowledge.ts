import type { Ack } from '@chatbot/protocol';
import type { z } from 'zod';
import type { InFlight } from '../lifecycle/in-flight.ts';
import { errorBody, isStoreUnavailable, ServerError } from '../errors.ts';

/**
 * Wraps a socket event handler: validates the payload, runs the handler and always answers the ack
 * callback with `{ ok: true, ... }` or `{ ok: false, error: { code, message } }`, never a thrown error.
 */
export function acknowledged<S extends z.ZodTypeAny, R extends object>(schema: S, handler: (input: z.infer<S>) => Promise<R>, onUnexpected: (error: unknown) => void, inFlight?: InFlight) {
  return async (raw: unknown, ack?: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (result: Ack<R>) => void) : () => undefined;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      reply({ ok: false, error: { code: 'BAD_REQUEST', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ') } });
      return;
    }
    try {
      const work = handler(parsed.data);
      reply({ ok: true, ...(await (inFlight ? inFlight.track(work) : work)) } as Ack<R>);
    } catch (error) {
      if (!(error instanceof ServerError) && !isStoreUnavailable(error)) onUnexpected(error);
      reply({ ok: false, error: errorBody(error) });
    }
  };
}
