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
 * The first worksheet as CSV text, and a map from a CSV line back to the spreadsheet row holding it (a
 * cell may span lines), so problems are reported with the row numbers the operator sees.
 * Throws an error with code BAD_XLSX for a file that is not a workbook.
 */
export async function xlsxToCsv(data: Buffer): Promise<{ csv: string; rowOfLine: (line: number) => number }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw Object.assign(new Error(`not an .xlsx workbook (${(error as Error).message})`), { code: 'BAD_XLSX' });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { csv: '', rowOfLine: (line) => line };
  const lines: string[] = [];
  const firstLineOfRow: number[] = [];
  let nextLine = 1;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, 1); c++) cells.push(cellText(row.getCell(c).value));
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
  return { csv: lines.join('\n'), rowOfLine };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return String(value.result ?? '');
    if (value instanceof Date) return value.toISOString();
  }
  return String(value);
}
