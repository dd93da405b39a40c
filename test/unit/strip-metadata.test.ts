import { describe, expect, it } from 'vitest'
import { exifOrientation, stripImageMetadata } from '../../server/uploads/strip-metadata'
import { exif, phoneJpeg, SCAN } from '../support/images'

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
    const stripped = stripImageMetadata(phoneJpeg(6), 'image/jpeg')!
    const text = stripped.toString('latin1')
    for (const secret of ['Samsung', 'Budi', 'Merdeka', 'xmpmeta', 'Photoshop']) expect(text).not.toContain(secret)
    expect(text).toContain('JFIF')
    expect(stripped.subarray(0, 2)).toEqual(Buffer.from([0xFF, 0xD8]))
    expect(stripped.subarray(-SCAN.length)).toEqual(SCAN)
    const app1 = stripped.indexOf(Buffer.from([0xFF, 0xE1]))
    expect(exifOrientation(stripped.subarray(app1 + 4, app1 + 2 + stripped.readUInt16BE(app1 + 2)))).toBe(6)
  })

  it('writes no EXIF at all for an upright JPEG', () => {
    const stripped = stripImageMetadata(phoneJpeg(1), 'image/jpeg')!
    expect(stripped.indexOf(Buffer.from('Exif', 'latin1'))).toBe(-1)
    expect(stripped.length).toBeLessThan(phoneJpeg(1).length)
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
    expect(stripImageMetadata(phoneJpeg(1).subarray(0, 40), 'image/jpeg')).toBeNull()
    expect(stripImageMetadata(png.subarray(0, 30), 'image/png')).toBeNull()
    expect(stripImageMetadata(png, 'application/pdf')).toBeNull()
  })
})
