/**
 * A photo as the public may see it: the pixels without what the camera wrote beside them. A phone's JPEG carries
 * EXIF (the GPS point where it was taken, often the reporter's home, the phone's model, the time), XMP and IPTC; a
 * PNG can carry text chunks. A biasa complaint is published "without the reporter's name" (issue 4), so none of
 * that may leave with a public photo. The stored file is never changed: staff and the reporter get the original.
 *
 * JPEG keeps only what decoding needs, JFIF (APP0), the colour profile (APP2) and Adobe's colour flag (APP14), and
 * a new EXIF block holding the orientation alone, so a portrait photo does not turn sideways. PNG drops its text,
 * EXIF and time chunks. Anything that does not parse is refused (null) rather than passed on.
 */

const JPEG_KEPT_APP = new Set([0xE0, 0xE2, 0xEE])
const PNG_DROPPED = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME'])
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1')
const ORIENTATION_TAG = 0x0112

export function stripImageMetadata(bytes: Buffer, type: string): Buffer | null {
  if (type === 'image/jpeg') return stripJpeg(bytes)
  if (type === 'image/png') return stripPng(bytes)
  return null
}

/** The orientation (1–8) an EXIF block (the APP1 payload, from "Exif\0\0") records, or null. */
export function exifOrientation(payload: Buffer): number | null {
  if (payload.length < 14 || !payload.subarray(0, 6).equals(EXIF_HEADER)) return null
  const tiff = payload.subarray(6)
  const order = tiff.toString('latin1', 0, 2)
  if (order !== 'II' && order !== 'MM') return null
  const little = order === 'II'
  const u16 = (at: number) => little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at)
  const u32 = (at: number) => little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at)
  const ifd = u32(4)
  if (ifd + 2 > tiff.length) return null
  const entries = u16(ifd)
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12
    if (entry + 12 > tiff.length) return null
    if (u16(entry) === ORIENTATION_TAG) {
      const value = u16(entry + 8)
      return value >= 1 && value <= 8 ? value : null
    }
  }
  return null
}

/** An APP1 segment whose EXIF says only the orientation (big-endian TIFF, one IFD entry of type SHORT). */
function orientationSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(26)
  tiff.write('MM', 0, 'latin1')
  tiff.writeUInt16BE(42, 2)
  tiff.writeUInt32BE(8, 4)
  tiff.writeUInt16BE(1, 8)
  tiff.writeUInt16BE(ORIENTATION_TAG, 10)
  tiff.writeUInt16BE(3, 12)
  tiff.writeUInt32BE(1, 14)
  tiff.writeUInt16BE(orientation, 18)
  const payload = Buffer.concat([EXIF_HEADER, tiff])
  const header = Buffer.from([0xFF, 0xE1, 0, 0])
  header.writeUInt16BE(payload.length + 2, 2)
  return Buffer.concat([header, payload])
}

function stripJpeg(bytes: Buffer): Buffer | null {
  if (bytes.length < 4 || bytes[0] !== 0xFF || bytes[1] !== 0xD8) return null
  const kept: Buffer[] = []
  let orientation: number | null = null
  let at = 2
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xFF) return null
    const marker = bytes[at + 1]!
    // Fill bytes before a marker, and markers without a length (RSTn, TEM).
    if (marker === 0xFF) {
      at++
      continue
    }
    if (marker === 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
      kept.push(bytes.subarray(at, at + 2))
      at += 2
      continue
    }
    // From the start of scan on, everything is image data.
    if (marker === 0xDA) {
      const head = Buffer.from([0xFF, 0xD8])
      const exif = orientation && orientation !== 1 ? [orientationSegment(orientation)] : []
      return Buffer.concat([head, ...exif, ...kept, bytes.subarray(at)])
    }
    const end = at + 2 + bytes.readUInt16BE(at + 2)
    if (end > bytes.length) return null
    const isApp = marker >= 0xE0 && marker <= 0xEF
    if (marker === 0xE1) orientation ??= exifOrientation(bytes.subarray(at + 4, end))
    if ((!isApp || JPEG_KEPT_APP.has(marker)) && marker !== 0xFE) kept.push(bytes.subarray(at, end))
    at = end
  }
  return null
}

function stripPng(bytes: Buffer): Buffer | null {
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return null
  const kept: Buffer[] = [PNG_SIGNATURE]
  let at = 8
  while (at + 12 <= bytes.length) {
    const end = at + 12 + bytes.readUInt32BE(at)
    if (end > bytes.length) return null
    const type = bytes.toString('latin1', at + 4, at + 8)
    if (!PNG_DROPPED.has(type)) kept.push(bytes.subarray(at, end))
    if (type === 'IEND') return Buffer.concat(kept)
    at = end
  }
  return null
}
