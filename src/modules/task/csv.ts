/**
 * A small RFC 4180 CSV reader: fields separated by commas, optionally quoted with `"` (a quote
 * inside is doubled), records separated by CRLF or LF. Returns one array of cells per line, so
 * the n-th array is line n + 1 of the file (quoted line breaks would shift that: they are refused).
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else if (c === '\n' || c === '\r')
        throw new Error(`line ${line}: a quoted cell may not span lines`);
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      [row, cell] = [[], ''];
      line++;
    } else cell += c;
  }
  if (quoted) throw new Error(`line ${line}: a quoted cell is not closed`);
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
