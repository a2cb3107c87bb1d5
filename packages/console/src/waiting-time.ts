/** How often the queue's "waiting N min" is brought up to date: it changes with the clock, not with any event. */
export const WAITING_REFRESH_MS = 30_000;

/** Whole minutes a visitor has waited since `queuedAt` (ISO-8601). */
export const waitingMinutes = (queuedAt: string, now = Date.now()): number => Math.max(0, Math.round((now - Date.parse(queuedAt)) / 60000));
