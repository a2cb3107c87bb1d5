/** What a request body may weigh: most routes take small JSON; a knowledge-base import takes a whole exported file. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

/** A limit as operators read it: 1048576 → "1". */
export const megabytes = (bytes: number): string => String(Math.round((bytes / 1024 / 1024) * 10) / 10);
