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
