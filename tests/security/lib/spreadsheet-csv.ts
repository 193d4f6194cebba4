/**
 * A CSV file read the way a spreadsheet opens it with a given list separator: a cell that starts with `"` runs to the
 * closing quote (`""` is a quote inside it), anything after the closing quote up to the next separator is kept as it
 * is, and a quote inside an unquoted cell is just a character. Excel in a locale whose list separator is `;` splits
 * on `;` whatever the file was written with.
 */
export function spreadsheetCells(csv: string, separator: ',' | ';'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  let startOfCell = true;
  while (i < csv.length) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else cell += c;
      i++;
      continue;
    }
    if (startOfCell && c === '"') {
      quoted = true;
      startOfCell = false;
      i++;
      continue;
    }
    startOfCell = false;
    if (c === separator) {
      row.push(cell);
      cell = '';
      startOfCell = true;
    } else if (c === '\r' || c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      startOfCell = true;
      if (c === '\r' && csv[i + 1] === '\n') i++;
    } else {
      cell += c;
    }
    i++;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** A cell a spreadsheet would run as a formula: `=`, `+`, `-` or `@` first (also after white space), or a tab or CR. */
export function isFormulaCell(cell: string): boolean {
  return /^[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r]/.test(cell);
}
