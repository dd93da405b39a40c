/**
 * A JPEG as a phone writes it, small enough to read: JFIF, an EXIF block with the orientation, the phone's model
 * and a GPS pointer, XMP and IPTC naming a person, a comment with an address, then one scan. Its metadata is what a
 * public copy must lose (server/uploads/strip-metadata.ts).
 */

/** A JPEG segment: marker, length, payload. */
function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xFF, marker, 0, 0])
  head.writeUInt16BE(payload.length + 2, 2)
  return Buffer.concat([head, payload])
}

/** An EXIF block (little-endian, as phones write it) with the orientation, a GPS pointer and the phone's model. */
export function exif(orientation: number): Buffer {
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

/** The start of a scan, a few bytes of image data (an escaped 0xFF among them) and the end of the image. */
export const SCAN = Buffer.from([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0x34, 0xFF, 0x00,
  0x56, 0xFF, 0xD9])

/** The whole JPEG, its EXIF saying `orientation` (1 upright, 6 turned a quarter to the right). */
export function phoneJpeg(orientation: number): Buffer {
  return Buffer.concat([Buffer.from([0xFF, 0xD8]),
    segment(0xE0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    segment(0xE1, exif(orientation)),
    segment(0xE1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Budi Santoso</x:xmpmeta>', 'latin1')),
    segment(0xED, Buffer.from('Photoshop 3.0\0Budi', 'latin1')),
    segment(0xFE, Buffer.from('rumah Budi, Jl. Merdeka 5', 'latin1')),
    segment(0xDB, Buffer.alloc(65, 1)),
    segment(0xC0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
    SCAN])
}
