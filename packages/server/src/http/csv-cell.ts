/**
 * A CSV cell for files people open in spreadsheets: quoted when it must be, and a leading = + - @ is
 * prefixed with ' so a visitor's text is never run as a formula.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (cells: readonly (string | number | null)[]): string => cells.map(csvCell).join(',');

/** CSV text as a downloaded file: Excel reads a CSV without the UTF-8 byte-order mark in the system's code page (GBK on Chinese Windows), garbling it. */
export const csvDownload = (text: string): string => `\ufeff${text}`;

/** Lines as a CSV file spreadsheets open: CRLF line ends, with the byte-order mark. */
export const csvFile = (lines: readonly string[]): string => csvDownload(lines.join('\r\n') + '\r\n');
