/** An entry as read from a file, before validation, with the line it started on. */
export interface RawEntry {
  line: number;
  value: unknown;
}

/** What a parser returns: entries it could read and problems with the rest. */
export interface ParseResult {
  raws: RawEntry[];
  problems: { line: number; message: string }[];
}
