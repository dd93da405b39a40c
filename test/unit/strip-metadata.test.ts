import { describe, expect, it } from 'vitest'
import { exifOrientation, stripImageMetadata } from '../../server/uploads/strip-metadata'

/** A JPEG segment: marker, length, payload. */
function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xFF, marker, 0, 0])
  head.writeUInt16BE(payload.length + 2, 2)
  return Buffer.concat([head, payload])
}

/** An EXIF block (little-endian, as phones write it) with the orientation, a GPS pointer and the phone's model. */
function exif(orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 3 * 12 + 4 + 16)
  tiff.write('II', 0, 'latin1')
  tiff.writeUInt16LE(42, 2)
  tiff.writeUInt32LE(8, 4)
  tiff.writeUInt16LE(3, 8)
  const entries: [number, number, number, number][] = [[0x0110, 2, 16, 50], [0x0112, 3, 1, orientation],
    [0x8825, 4, 1, 0]]
  entries.forEach(([tag, type, count, value], i) => {
    const at = 10 + i * 12
    tiff.writeUInt16LE(tag, at)
    tiff.writeUInt16LE(type, at + 2)
    tiff.writeUInt32LE(count, at + 4)
    if (type === 3) tiff.writeUInt16LE(value, at + 8)
    else tiff.writeUInt32LE(value, at + 8)
  })
  tiff.write('Samsung SM-A107F', 50, 'latin1')
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
}

const scan = Buffer.from([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0x34, 0xFF, 0x00, 0x56,
  0xFF, 0xD9])

function jpeg(orientation: number): Buffer {
  return Buffer.concat([Buffer.from([0xFF, 0xD8]),
    segment(0xE0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    segment(0xE1, exif(orientation)),
    segment(0xE1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Budi Santoso</x:xmpmeta>', 'latin1')),
    segment(0xED, Buffer.from('Photoshop 3.0\0Budi', 'latin1')),
    segment(0xFE, Buffer.from('rumah Budi, Jl. Merdeka 5', 'latin1')),
    segment(0xDB, Buffer.alloc(65, 1)),
    segment(0xC0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
    scan])
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)])
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
const png = Buffer.concat([PNG_SIGNATURE, chunk('IHDR', Buffer.alloc(13, 1)),
  chunk('tEXt', Buffer.from('Author\0Budi Santoso', 'latin1')), chunk('eXIf', exif(1).subarray(6)),
  chunk('IDAT', Buffer.alloc(20, 7)), chunk('IEND', Buffer.alloc(0))])

describe('a photo made fit for the public', () => {
  it('loses the EXIF, XMP, IPTC and comment of a JPEG but keeps its pixels, header and orientation', () => {
    const stripped = stripImageMetadata(jpeg(6), 'image/jpeg')!
    const text = stripped.toString('latin1')
    for (const secret of ['Samsung', 'Budi', 'Merdeka', 'xmpmeta', 'Photoshop']) expect(text).not.toContain(secret)
    expect(text).toContain('JFIF')
    expect(stripped.subarray(0, 2)).toEqual(Buffer.from([0xFF, 0xD8]))
    expect(stripped.subarray(-scan.length)).toEqual(scan)
    const app1 = stripped.indexOf(Buffer.from([0xFF, 0xE1]))
    expect(exifOrientation(stripped.subarray(app1 + 4, app1 + 2 + stripped.readUInt16BE(app1 + 2)))).toBe(6)
  })

  it('writes no EXIF at all for an upright JPEG', () => {
    const stripped = stripImageMetadata(jpeg(1), 'image/jpeg')!
    expect(stripped.indexOf(Buffer.from('Exif', 'latin1'))).toBe(-1)
    expect(stripped.length).toBeLessThan(jpeg(1).length)
  })

  it('drops the text and EXIF chunks of a PNG and keeps the image chunks in order', () => {
    const stripped = stripImageMetadata(png, 'image/png')!
    expect(stripped.toString('latin1')).not.toContain('Budi')
    expect(stripped.toString('latin1')).not.toContain('eXIf')
    expect(stripped).toEqual(Buffer.concat([PNG_SIGNATURE, chunk('IHDR', Buffer.alloc(13, 1)),
      chunk('IDAT', Buffer.alloc(20, 7)), chunk('IEND', Buffer.alloc(0))]))
  })

  it('refuses what does not parse rather than pass it on', () => {
    expect(stripImageMetadata(Buffer.from('not a photo'), 'image/jpeg')).toBeNull()
    expect(stripImageMetadata(jpeg(1).subarray(0, 40), 'image/jpeg')).toBeNull()
    expect(stripImageMetadata(png.subarray(0, 30), 'image/png')).toBeNull()
    expect(stripImageMetadata(png, 'application/pdf')).toBeNull()
  })
})
