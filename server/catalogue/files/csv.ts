/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF, a field quoted when it holds a comma, a quote or a line
 * break, and a quote inside a quoted field written twice. The reader also takes LF line ends (what most tools
 * other than Excel write) and a UTF-8 byte order mark (what Excel writes).
 *
 * Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a formula (OWASP "CSV
 * injection"). The writer neutralises such a cell with one leading apostrophe; `restoreCell` takes exactly that
 * apostrophe off again, so a round trip is lossless. A value that itself starts with apostrophes before one of
 * those characters gets one more, so it too comes back unchanged.
 */

const FORMULA_START = /^'*[=+\-@\t\r]/
const NEUTRALISED = /^'+[=+\-@\t\r]/

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

export function restoreCell(value: string): string {
  return NEUTRALISED.test(value) ? value.slice(1) : value
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** One CSV document: every cell neutralised and quoted where needed, CRLF after every record. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map(row => `${row.map(cell => quote(neutraliseCell(cell))).join(',')}\r\n`).join('')
}

/** Where a CSV document breaks RFC 4180: the record (1 = the header) where the problem starts. */
export class CsvSyntaxError extends Error {
  constructor(readonly record: number, message: string) {
    super(message)
  }
}

/**
 * The records of a CSV document, each cell restored (see `restoreCell`). Records end at CRLF, LF or CR; a quoted
 * cell keeps its line breaks exactly as written. A file that ends with a line break has no empty record after it.
 */
export function readCsv(source: string): string[][] {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source
  const records: string[][] = []
  let record: string[] = []
  let cell = ''
  /** The current cell was quoted: only a comma or a line break may follow its closing quote. */
  let quoted = false
  let position = 0
  const endCell = () => {
    record.push(restoreCell(cell))
    cell = ''
    quoted = false
  }

  while (position < text.length) {
    const char = text[position]!
    if (char === '"' && cell === '' && !quoted) {
      const read = readQuoted(text, position + 1, records.length + 1)
      cell = read.value
      position = read.end
      quoted = true
      continue
    }
    if (char === ',') {
      endCell()
    }
    else if (char === '\r' || char === '\n') {
      endCell()
      records.push(record)
      record = []
      if (char === '\r' && text[position + 1] === '\n') position++
    }
    else if (quoted) {
      throw new CsvSyntaxError(records.length + 1, 'Ada teks sesudah tanda petik penutup sel. Tanda petik di dalam '
        + 'sel ditulis dua kali ("").')
    }
    else if (char === '"') {
      throw new CsvSyntaxError(records.length + 1, 'Ada tanda petik (") di tengah sel yang tidak diapit tanda '
        + 'petik. Apit sel itu dengan tanda petik dan tulis tanda petik di dalamnya dua kali ("").')
    }
    else {
      cell += char
    }
    position++
  }
  if (cell !== '' || quoted || record.length) {
    endCell()
    records.push(record)
  }
  return records
}

/** A quoted cell read from just after its opening quote; `end` is just after its closing quote. */
function readQuoted(text: string, from: number, record: number): { value: string, end: number } {
  let value = ''
  let position = from
  for (;;) {
    if (position >= text.length) throw new CsvSyntaxError(record, 'Tanda petik (") pembuka sel tidak pernah ditutup.')
    const char = text[position]!
    if (char === '"' && text[position + 1] === '"') {
      value += '"'
      position += 2
    }
    else if (char === '"') {
      return { value, end: position + 1 }
    }
    else {
      value += char
      position++
    }
  }
}
