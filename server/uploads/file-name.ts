import { EXTENSIONS, type AcceptedType } from './sniff'

const MAX_NAME_LENGTH = 120
const FALLBACK_NAME = 'berkas'

/**
 * The name a citizen gave the file, made safe to show and to offer as a download name. It is never used to store
 * the file. Only the last path segment is kept (old browsers send "C:\\…\\ktp.jpg"); control and formatting
 * characters are removed (U+202E can make "gpj.exe" read as "exe.jpg"); characters that file systems or header
 * quoting trip on become "_"; and the extension is made to match the type found in the content.
 */
export function displayFileName(raw: string, type: AcceptedType): string {
  const lastSegment = raw.normalize('NFC').split(/[/\\]/).pop() ?? ''
  const name = lastSegment
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/["*:<>?|]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '')

  const extensions = EXTENSIONS[type]
  const dot = name.lastIndexOf('.')
  const fits = dot > 0 && extensions.includes(name.slice(dot + 1).toLowerCase())
  const extension = fits ? name.slice(dot + 1) : extensions[0]!
  const stem = fits ? name.slice(0, dot) : name
  // Counted in code points, so that a cut never splits a character in two.
  const shortened = [...stem].slice(0, MAX_NAME_LENGTH - extension.length - 1).join('').trimEnd()
  return `${shortened || FALLBACK_NAME}.${extension}`
}

/**
 * A Content-Disposition header that makes the browser save the file under its display name (RFC 6266): an ASCII
 * fallback for old clients and the UTF-8 name in `filename*` (RFC 8187) for the rest.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[\u0300-\u036F]/g, '').replace(/[^\x20-\x7E]|["\\%]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}
