import ExcelJS from 'exceljs';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One worksheet with a bold header row. */
export async function writeXlsx(sheetName: string, header: readonly string[], rows: readonly (readonly (string | number)[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...header]).font = { bold: true };
  for (const row of rows) sheet.addRow([...row]);
  sheet.columns.forEach((column) => (column.width = 30));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The first worksheet as CSV text, a map from a CSV line back to the spreadsheet row holding it (a cell may
 * span lines), so problems are reported with the row numbers the operator sees, and the cells holding an
 * Excel error (#N/A, #REF!), by row. Throws an error with code BAD_XLSX for a file that is not a workbook.
 */
export async function xlsxToCsv(data: Buffer): Promise<{ csv: string; rowOfLine: (line: number) => number; problems: { line: number; message: string }[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw Object.assign(new Error(`not an .xlsx workbook (${(error as Error).message})`), { code: 'BAD_XLSX' });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { csv: '', rowOfLine: (line) => line, problems: [] };
  const lines: string[] = [];
  const firstLineOfRow: number[] = [];
  const problems: { line: number; message: string }[] = [];
  let nextLine = 1;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, 1); c++) {
      const cell = row.getCell(c);
      const content = cellContent(cell.value);
      if ('error' in content) problems.push({ line: r, message: `cell ${cell.address} holds ${content.error}` });
      cells.push('text' in content ? content.text : '');
    }
    const line = cells.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
    firstLineOfRow.push(nextLine);
    nextLine += line.split('\n').length;
    lines.push(line);
  }
  const rowOfLine = (line: number) => {
    let row = 1;
    while (row < firstLineOfRow.length && firstLineOfRow[row]! <= line) row++;
    return row;
  };
  return { csv: lines.join('\n'), rowOfLine, problems };
}

/**
 * A cell's text as Excel shows it: rich text and a hyperlink's text joined, a formula's result, a date as
 * YYYY-MM-DD (with its time, when it has one); an error value (#N/A) or anything unknown is not text.
 */
function cellContent(value: ExcelJS.CellValue): { text: string } | { error: string } {
  if (value === null || value === undefined) return { text: '' };
  if (value instanceof Date) return { text: value.toISOString().replace(/T00:00:00\.000Z$/, '').replace(/\.000Z$/, 'Z') };
  if (typeof value !== 'object') return { text: String(value) };
  if ('error' in value) return { error: `an Excel error ${value.error}` };
  if ('richText' in value) return { text: value.richText.map((t) => t.text).join('') };
  if ('hyperlink' in value) return cellContent(value.text as ExcelJS.CellValue);
  if ('formula' in value || 'sharedFormula' in value) return cellContent(value.result ?? null);
  return { error: 'a value that is not text' };
}
