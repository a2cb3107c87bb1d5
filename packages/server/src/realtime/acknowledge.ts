import type { Ack } from '@chatbot/protocol';
import type { z } from 'zod';
import type { InFlight } from '../lifecycle/in-flight.ts';
import { errorBody, isStoreUnavailable, ServerError } from '../errors.ts';
import { storableText } from '../store/storable-text.ts';

/**
 * Wraps a socket event handler: validates the payload (made storable: NULs dropped, lone surrogates replaced), runs the handler (tracked, so a stopping node waits
 * for it) and always answers the ack callback with `{ ok: true, ... }` or `{ ok: false, error: { code, message } }`, never a thrown error.
 */
function acknowledged<S extends z.ZodTypeAny, R extends object>(schema: S, handler: (input: z.infer<S>) => Promise<R>, onUnexpected: (error: unknown) => void, inFlight: InFlight) {
  return async (raw: unknown, ack?: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (result: Ack<R>) => void) : () => undefined;
    const parsed = schema.safeParse(storableText(raw));
    if (!parsed.success) {
      reply({ ok: false, error: { code: 'BAD_REQUEST', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ') } });
      return;
    }
    try {
      reply({ ok: true, ...(await inFlight.track(handler(parsed.data))) } as Ack<R>);
    } catch (error) {
      if (!(error instanceof ServerError) && !isStoreUnavailable(error)) onUnexpected(error);
      reply({ ok: false, error: errorBody(error) });
    }
  };
}

/** `acknowledged` with the namespace's error log and in-flight tracker bound: `socket.on(event, on(schema, handler))`. */
export function acknowledger(onUnexpected: (error: unknown) => void, inFlight: InFlight) {
  return <S extends z.ZodTypeAny, R extends object>(schema: S, handler: (input: z.infer<S>) => Promise<R>) => acknowledged(schema, handler, onUnexpected, inFlight);
}

/**
 * An acknowledger whose handlers first wait for `allowed` and refuse with `refusal` when it is false: a connection
 * resumed by socket.io skips the middleware, so its account is checked again while its handlers are already bound.
 */
export function gatedAcknowledger(onUnexpected: (error: unknown) => void, inFlight: InFlight, allowed: Promise<boolean>, refusal: () => ServerError) {
  return <S extends z.ZodTypeAny, R extends object>(schema: S, handler: (input: z.infer<S>) => Promise<R>) =>
    acknowledged(schema, async (input: z.infer<S>) => {
      if (!(await allowed)) throw refusal();
      return handler(input);
    }, onUnexpected, inFlight);
}
