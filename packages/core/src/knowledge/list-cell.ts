const ESCAPED: Record<string, string> = { '\\': '\\', '|': '|', n: '\n', r: '\r' };
const ESCAPE_OF: Record<string, string> = { '\\': '\\\\', '|': '\\|', '\n': '\\n', '\r': '\\r' };

/**
 * A list (questions, tags) in one CSV/XLSX cell: items joined with ` | `, each with `\`, `|` and line breaks
 * escaped (`\\`, `\|`, `\n`, `\r`) so `splitListCell` gives back exactly these items.
 */
export function joinListCell(items: readonly string[]): string {
  return items.map((item) => item.replace(/[\\|\n\r]/g, (c) => ESCAPE_OF[c]!)).join(' | ');
}

/**
 * The items of a list cell: split on `|` not escaped (and on line breaks too with `splitLines`, as people write
 * questions one per line in a spreadsheet cell), escapes undone; a backslash before anything else stays.
 */
export function splitListCell(cell: string, options: { splitLines?: boolean } = {}): string[] {
  const items: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i]!;
    const escaped = c === '\\' ? ESCAPED[cell[i + 1] ?? ''] : undefined;
    if (escaped !== undefined) {
      current += escaped;
      i++;
    } else if (c === '|' || (options.splitLines && (c === '\n' || c === '\r'))) {
      items.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  items.push(current);
  return items.map((item) => item.trim()).filter(Boolean);
}
