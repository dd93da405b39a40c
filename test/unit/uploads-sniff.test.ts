import { describe, expect, it } from 'vitest'
import { formatSize } from '../../server/uploads/errors'
import { contentDisposition, displayFileName } from '../../server/uploads/file-name'
import { parseBoundary } from '../../server/uploads/multipart'
import { sniffType } from '../../server/uploads/sniff'

const bytes = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex')

describe('judging a file by its first bytes', () => {
  it.each([
    ['a PDF', Buffer.from('%PDF-1.4\n%âãÏÓ'), 'application/pdf'],
    ['a JPEG (JFIF)', bytes('ffd8ffe0 0010 4a464946 00'), 'image/jpeg'],
    ['a JPEG straight from a phone camera (Exif)', bytes('ffd8ffe1 1c45 45786966 00'), 'image/jpeg'],
    ['a PNG', bytes('89504e47 0d0a1a0a 0000000d 49484452'), 'image/png'],
  ])('recognises %s', (_, head, type) => {
    expect(sniffType(head)).toBe(type)
  })

  it.each([
    ['plain text', Buffer.from('Surat pernyataan')],
    ['nothing at all', Buffer.alloc(0)],
    ['a GIF', Buffer.from('GIF89a\x01\x00')],
    ['a Word document (ZIP)', bytes('504b0304 14000600')],
    ['HTML that mentions %PDF- later', Buffer.from('<html>%PDF-1.4')],
    ['a PDF header after leading junk', Buffer.from(' %PDF-1.4')],
    ['"%PDF" without its hyphen', Buffer.from('%PDF1.4')],
    ['a PNG signature cut short', bytes('89504e47 0d0a1a')],
    ['the JPEG start-of-image marker alone', bytes('ffd8')],
    ['an SVG image', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">')],
  ])('refuses %s', (_, head) => {
    expect(sniffType(head)).toBeNull()
  })
})

describe('the name shown for a file', () => {
  it.each([
    ['keeps an ordinary name', 'Kartu Keluarga.pdf', 'application/pdf', 'Kartu Keluarga.pdf'],
    ['keeps only the last part of a path', 'C:\\Users\\Budi\\Documents\\ktp.jpg', 'image/jpeg', 'ktp.jpg'],
    ['adds the extension of the real type', 'foto', 'image/png', 'foto.png'],
    ['does not trust a misleading extension', 'scan.pdf', 'image/jpeg', 'scan.pdf.jpg'],
    ['removes a right-to-left override that disguises the extension', 'ktp\u202Egpj.exe', 'image/png',
      'ktpgpj.exe.png'],
    ['removes control characters and collapses spaces', 'akta\r\n\t  lahir\u0000.pdf', 'application/pdf',
      'akta lahir.pdf'],
    ['replaces characters a file system refuses', 'a<b>c:d|e?f*"g".pdf', 'application/pdf', 'a_b_c_d_e_f__g_.pdf'],
    ['drops leading dots, so nothing becomes a hidden file', '...htaccess', 'application/pdf', 'htaccess.pdf'],
    ['falls back to "berkas" when nothing is left', '\u202E', 'application/pdf', 'berkas.pdf'],
    ['keeps Indonesian and other letters', 'Surat Keterangan – Désa Gisting.pdf', 'application/pdf',
      'Surat Keterangan – Désa Gisting.pdf'],
  ])('%s', (_, raw, type, shown) => {
    expect(displayFileName(raw, type as Parameters<typeof displayFileName>[1])).toBe(shown)
  })

  it('shortens a long name to 120 characters and keeps its extension', () => {
    const shown = displayFileName(`${'Surat permohonan '.repeat(20)}.pdf`, 'application/pdf')
    expect([...shown].length).toBeLessThanOrEqual(120)
    expect(shown.endsWith('.pdf')).toBe(true)
  })

  it('is offered as a download name that old and new browsers both read', () => {
    expect(contentDisposition('Akta – Siti Aisyah.pdf')).toBe(
      'attachment; filename="Akta _ Siti Aisyah.pdf"; filename*=UTF-8\'\'Akta%20%E2%80%93%20Siti%20Aisyah.pdf')
    expect(contentDisposition('Désa (1).png')).toBe(
      'attachment; filename="Desa (1).png"; filename*=UTF-8\'\'D%C3%A9sa%20%281%29.png')
  })
})

describe('reading the boundary of a multipart body', () => {
  it.each([
    ['multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW', '----WebKitFormBoundary7MA4YWxkTrZu0gW'],
    ['Multipart/Form-Data; charset=utf-8; BOUNDARY="quoted boundary"', 'quoted boundary'],
    ['multipart/form-data;boundary=x', 'x'],
  ])('finds it in %j', (header, boundary) => {
    expect(parseBoundary(header)).toBe(boundary)
  })

  it.each([
    undefined, 'application/json', 'multipart/mixed; boundary=x', 'multipart/form-data',
    'multipart/form-data; boundary=',
    `multipart/form-data; boundary=${'b'.repeat(71)}`, 'multipart/form-data; boundary="ends with a space "',
  ])('refuses %j', (header) => {
    expect(() => parseBoundary(header)).toThrow('Berkas tidak terkirim dengan utuh.')
  })
})

describe('sizes in messages', () => {
  it('are written the Indonesian way', () => {
    expect(formatSize(5 * 1024 * 1024)).toBe('5 MB')
    expect(formatSize(2.5 * 1024 * 1024)).toBe('2,5 MB')
    expect(formatSize(512 * 1024)).toBe('512 KB')
    expect(formatSize(10)).toBe('1 KB')
  })
})
