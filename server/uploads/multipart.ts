import { UploadMalformedError, UploadMissingError } from './errors'

/**
 * A streaming reader for the one multipart/form-data body the portal accepts (RFC 7578): a single part, the file.
 * It holds at most one incoming chunk and a boundary's length in memory, whatever the size of the file.
 */

const CRLF = Buffer.from('\r\n')
const DASHES = Buffer.from('--')
const HEADERS_END = Buffer.from('\r\n\r\n')
/** A browser's part headers take a few hundred bytes; more is refused before it is held in memory. */
const MAX_HEADER_BYTES = 8 * 1024
/** RFC 2046 §5.1.1 allows text before the first boundary; browsers send none, so only a little is tolerated. */
const MAX_PREAMBLE_BYTES = 1024
/** Room in the body for what surrounds the file: boundaries, the part's headers, the closing delimiter. */
export const MULTIPART_OVERHEAD_BYTES = 16 * 1024

export interface FilePart {
  /** The name the client gave; for display only, after `displayFileName`. */
  fileName: string
  /** The file's bytes as they arrive. It ends only once the closing boundary has been read and checked. */
  data: AsyncGenerator<Buffer>
}

/** The boundary from a `multipart/form-data; boundary=…` Content-Type (RFC 2046 §5.1.1: 1 to 70 characters). */
export function parseBoundary(contentType: string | undefined): string {
  const [type, ...parameters] = (contentType ?? '').split(';')
  if (type?.trim().toLowerCase() !== 'multipart/form-data') throw new UploadMalformedError('not multipart/form-data')
  for (const parameter of parameters) {
    const [, value] = /^\s*boundary\s*=\s*(.*?)\s*$/i.exec(parameter) ?? []
    const boundary = value?.replace(/^"(.*)"$/, '$1')
    if (boundary && /^[\w'()+,\-./:=? ]{0,69}[\w'()+,\-./:=?]$/.test(boundary)) return boundary
  }
  throw new UploadMalformedError('no valid boundary')
}

/** Pulls chunks from the body on demand; `buffer` holds what has been read and not yet taken. */
class ByteSource {
  buffer: Buffer = Buffer.alloc(0)

  constructor(private readonly chunks: AsyncIterator<Buffer>) {}

  async fill(): Promise<boolean> {
    const next = await this.chunks.next()
    if (next.done) return false
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, next.value]) : next.value
    return true
  }

  take(length: number): Buffer {
    const taken = this.buffer.subarray(0, length)
    this.buffer = this.buffer.subarray(length)
    return taken
  }

  async startsWith(bytes: Buffer): Promise<boolean> {
    while (this.buffer.length < bytes.length) {
      if (!(await this.fill())) throw new UploadMalformedError('the body ended early')
    }
    return this.buffer.subarray(0, bytes.length).equals(bytes)
  }

  /** Where `needle` starts, reading on until it turns up within `limit` bytes; malformed when it does not. */
  async find(needle: Buffer, limit: number, what: string): Promise<number> {
    let from = 0
    for (;;) {
      const at = this.buffer.indexOf(needle, from)
      if (at !== -1 && at <= limit) return at
      if (at !== -1 || this.buffer.length > limit + needle.length) throw new UploadMalformedError(`${what} too long`)
      from = Math.max(0, this.buffer.length - needle.length + 1)
      if (!(await this.fill())) throw new UploadMalformedError(`the body ended before ${what}`)
    }
  }
}

/** What follows a boundary: "--" closes the body; optional padding (spaces, tabs) and CRLF open a part. */
async function readBoundaryEnd(source: ByteSource): Promise<'close' | 'part'> {
  if (await source.startsWith(DASHES)) {
    source.take(DASHES.length)
    return 'close'
  }
  const end = await source.find(CRLF, 64, 'the end of a boundary line')
  if (!/^[ \t]*$/.test(source.take(end).toString('latin1'))) throw new UploadMalformedError('text after a boundary')
  source.take(CRLF.length)
  return 'part'
}

async function readPartHeaders(source: ByteSource): Promise<Map<string, string>> {
  const headers = new Map<string, string>()
  if (await source.startsWith(CRLF)) {
    source.take(CRLF.length)
    return headers
  }
  const end = await source.find(HEADERS_END, MAX_HEADER_BYTES, 'the part headers')
  const block = source.take(end).toString('utf8')
  source.take(HEADERS_END.length)
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon <= 0) throw new UploadMalformedError('a part header without a name')
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return headers
}

/**
 * `form-data; name="file"; filename="ktp.jpg"`. Browsers write `"`, CR and LF in a file name as %22, %0D and %0A
 * (WHATWG HTML, multipart/form-data encoding) and leave backslashes alone, so quoted values are not unescaped.
 */
function parseDisposition(value: string | undefined): { name?: string, fileName?: string } {
  const [type, ...rest] = (value ?? '').split(';')
  if (type?.trim().toLowerCase() !== 'form-data') return {}
  const parameters = new Map<string, string>()
  for (const [, key, quoted, bare] of `;${rest.join(';')}`.matchAll(/;\s*([^\s=;]+)\s*=\s*(?:"([^"]*)"|([^;]*))/g)) {
    parameters.set(key!.toLowerCase(), quoted ?? bare!.trim())
  }
  const quotedName = parameters.get('filename')?.replace(/%22/g, '"').replace(/%0[AD]/gi, ' ')
  return { name: parameters.get('name'), fileName: decodeExtended(parameters.get('filename*')) ?? quotedName }
}

/** `filename*=UTF-8''%E2%80%A6` (RFC 8187), which some non-browser clients send. */
function decodeExtended(value: string | undefined): string | undefined {
  const [, encoded] = /^utf-8'[^']*'(.*)$/i.exec(value ?? '') ?? []
  try {
    return encoded === undefined ? undefined : decodeURIComponent(encoded)
  }
  catch {
    return undefined
  }
}

async function* readFileData(source: ByteSource, delimiter: Buffer): AsyncGenerator<Buffer> {
  for (;;) {
    const at = source.buffer.indexOf(delimiter)
    if (at !== -1) {
      if (at > 0) yield source.take(at)
      source.take(delimiter.length)
      break
    }
    // The end of the buffer may hold the start of the delimiter: keep that much back until the next chunk.
    const safe = source.buffer.length - delimiter.length + 1
    if (safe > 0) yield source.take(safe)
    if (!(await source.fill())) throw new UploadMalformedError('the body ended inside the file')
  }
  if ((await readBoundaryEnd(source)) === 'part') throw new UploadMalformedError('more than one part')
  // An epilogue after the closing boundary carries nothing; it is read (and counted) so the whole body was seen.
  while (await source.fill()) source.take(source.buffer.length)
}

/**
 * Reads up to the start of the file in the part named `field`; the file's bytes then stream from `data`. A body
 * with any other part, or with a text field instead of a file, is malformed; one without any part has no file.
 */
export async function readFilePart(chunks: AsyncIterator<Buffer>, boundary: string, field: string): Promise<FilePart> {
  const source = new ByteSource(chunks)
  const dashBoundary = Buffer.from(`--${boundary}`)
  const first = await source.find(dashBoundary, MAX_PREAMBLE_BYTES, 'the first boundary')
  if (first > 0 && (first < CRLF.length || !source.buffer.subarray(first - CRLF.length, first).equals(CRLF))) {
    throw new UploadMalformedError('the first boundary is not at the start of a line')
  }
  source.take(first + dashBoundary.length)
  if ((await readBoundaryEnd(source)) === 'close') throw new UploadMissingError('a form without parts')

  const disposition = parseDisposition((await readPartHeaders(source)).get('content-disposition'))
  if (disposition.name !== field) throw new UploadMalformedError(`a part other than "${field}"`)
  if (disposition.fileName === undefined) throw new UploadMalformedError(`"${field}" is a text field, not a file`)
  return { fileName: disposition.fileName, data: readFileData(source, Buffer.from(`\r\n--${boundary}`)) }
}
