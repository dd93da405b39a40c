/**
 * The Open311 services: the active complaint types (complaint_type), `group` being the RAL category. Every service
 * has the same attributes: the kecamatan (required, as every pengaduan has one), the pekon or kelurahan, and the
 * privacy the reporter chose.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import { ComplaintTypeSchema, type ComplaintType } from '../database/entities/complaint-type'
import { KecamatanSchema } from '../database/entities/kecamatan'
import { Open311Error } from './format'

export async function activeType(em: EntityManager, code: unknown): Promise<ComplaintType> {
  const type = typeof code === 'string' && code.length <= 80
    ? await em.findOne(ComplaintTypeSchema, { key: code, active: true }, { populate: ['category', 'agency'] })
    : null
  if (!type) throw new Open311Error(404, 'service_code tidak dikenal; lihat services.json.')
  return type
}

export async function listServices(em: EntityManager) {
  const types = await em.find(ComplaintTypeSchema, { active: true },
    { populate: ['category', 'agency'], orderBy: { key: 'asc' } })
  return types.map(type => ({
    service_code: type.key,
    service_name: type.name,
    description: `${type.name} (ditangani ${type.agency.name})`,
    metadata: true,
    type: 'realtime',
    keywords: type.keywords.join(', '),
    group: type.category.name,
  }))
}

export async function serviceDefinition(em: EntityManager, code: unknown) {
  const type = await activeType(em, code)
  const kecamatan = await em.find(KecamatanSchema, {}, { orderBy: { name: 'asc' } })
  return {
    service_code: type.key,
    attributes: [
      { variable: true, code: 'kecamatan', datatype: 'singlevaluelist', required: true,
        datatype_description: 'Salah satu kecamatan di Kabupaten Tanggamus.', order: 1,
        description: 'Kecamatan tempat kejadian', values: kecamatan.map(row => ({ key: row.slug, name: row.name })) },
      { variable: true, code: 'pekon', datatype: 'string', required: false,
        datatype_description: 'Paling banyak 120 huruf.', order: 2, description: 'Pekon atau kelurahan' },
      { variable: true, code: 'privacy', datatype: 'singlevaluelist', required: false,
        datatype_description: 'biasa bila tidak diisi.', order: 3,
        description: 'Kerahasiaan: rahasia menyembunyikan isi dan pelapor, anonim juga dari OPD.',
        values: [{ key: 'biasa', name: 'Biasa' }, { key: 'rahasia', name: 'Rahasia' },
          { key: 'anonim', name: 'Anonim' }] },
    ],
  }
}
