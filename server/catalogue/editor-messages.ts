import type { z } from 'zod'
import type { SnapshotField } from './snapshot'

/**
 * What the service editor (/admin/layanan/baru, /admin/draf/:id) says about a field it refuses: the field by the
 * name its label gives it and what to type there, in plain Indonesian. zod's own wording names types and patterns
 * ("diharapkan number", "/^01\.\d{2}$/"), which an OPD officer cannot act on. The application form's problems are
 * reported by snapshot.ts (server/catalogue/form-schema.ts says them).
 */

/** How a message names each field: the label of the editing page (locales, admin.fields) in a sentence. */
const NAMES: Record<Exclude<SnapshotField, 'form' | 'popular'>, string> = {
  name: 'nama layanan', spbeId: 'ID layanan SPBE', slug: 'alamat (slug)', categoryCode: 'kategori RAL',
  agencySlug: 'OPD pelaksana', aliases: 'nama lain dan singkatan', purpose: 'tujuan layanan',
  function: 'fungsi layanan', target: 'target layanan', method: 'metode layanan', benefits: 'potensi manfaat',
  economicPotential: 'potensi ekonomi', risks: 'potensi risiko', riskMitigation: 'mitigasi risiko',
  relatedMinistry: 'kementerian/lembaga terkait', governmentAffair: 'urusan pemerintahan terkait',
  relatedMetadataIds: 'ID metadata terkait', requirements: 'persyaratan', procedure: 'sistem, mekanisme dan prosedur',
  durationDays: 'jangka waktu penyelesaian', durationNote: 'keterangan jangka waktu', feeAmount: 'biaya/tarif',
  feeNote: 'keterangan biaya', output: 'produk pelayanan', legalBasis: 'dasar hukum',
  complaintHandling: 'penanganan pengaduan', channelUrl: 'alamat kanal daring lain',
  externalProvider: 'penyelenggara di luar pemerintah kabupaten', sources: 'sumber data',
}

const capital = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}`

/** Fields whose only rule is their form or a choice: one message whatever zod found. */
const FIXED: Partial<Record<SnapshotField, string>> = {
  slug: 'Alamat (slug) hanya huruf kecil, angka dan tanda hubung, paling banyak 80 huruf, misalnya '
    + 'akta-kelahiran.',
  spbeId: 'ID layanan SPBE ditulis seperti LAY-1806-01.12-001 (kode kategori RAL lalu tiga angka), atau kosongkan '
    + 'untuk nomor berikutnya.',
  categoryCode: 'Pilih kategori RAL layanan ini dari daftar.',
  agencySlug: 'Pilih OPD pelaksana dari daftar.',
  target: 'Pilih target layanan dari daftar.',
  method: 'Pilih metode layanan dari daftar.',
  durationDays: 'Jangka waktu penyelesaian ditulis dengan angka hari kerja saja, misalnya 14; kosongkan bila belum '
    + 'ditetapkan.',
  feeAmount: 'Biaya/tarif ditulis dengan angka rupiah saja, misalnya 50000 atau 50.000; tulis 0 bila gratis, '
    + 'kosongkan bila belum diketahui.',
  channelUrl: 'Alamat kanal daring lain ditulis lengkap dan diawali https://, misalnya https://sso.dukcapil.go.id; '
    + 'kosongkan bila tidak ada.',
}

/** Lists typed one item per line: how many letters a line needs. */
const LINE_MINIMUM: Partial<Record<SnapshotField, number>> = { aliases: 2, requirements: 3, procedure: 3,
  legalBasis: 3 }

/**
 * The message for one problem of `field` (`line`: the list item at fault, counted from 0). A text too short or
 * missing asks for at least so many letters; a list without a line asks for one line per item.
 */
export function editorFieldMessage(field: SnapshotField, issue: z.core.$ZodIssue, line?: number): string {
  const fixed = FIXED[field]
  if (fixed) return fixed
  if (field === 'form' || field === 'popular') return issue.message
  const name = NAMES[field]
  if (line !== undefined) {
    return `${capital(name)} baris ${line + 1}: tulis paling sedikit ${LINE_MINIMUM[field] ?? 1} huruf, atau hapus `
      + 'baris itu.'
  }
  if (issue.code === 'too_small' && issue.origin === 'array') {
    return `Tulis ${name}, paling sedikit satu baris; satu butir per baris.`
  }
  if (issue.code === 'too_big' && issue.origin === 'string') {
    return `${capital(name)} paling banyak ${Number(issue.maximum).toLocaleString('id-ID')} huruf.`
  }
  return `Isi ${name} dengan paling sedikit 3 huruf.`
}
