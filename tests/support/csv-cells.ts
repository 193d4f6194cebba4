/**
 * The cells of one CSV line as the ledger export writes it: quoted cells may hold the separator, and "" for a quote.
 */
export function csvCells(line: string, separator = ','): string[] {
  const cells: string[] = [];
  const re = new RegExp(`(?:"((?:[^"]|"")*)"|([^"${separator}]*))(?:${separator}|$)`, 'gy');
  for (let m = re.exec(line); m && m.index < line.length; m = re.exec(line))
    cells.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!);
  return cells;
}

/** The rows of an exported CSV as objects by column name. */
export function csvRecords(csv: string, separator = ','): Record<string, string>[] {
  const [head, ...lines] = csv.trim().split(/\r?\n/);
  const names = csvCells(head!, separator);
  return lines.map((l) => {
    const cells = csvCells(l, separator);
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
  });
}
