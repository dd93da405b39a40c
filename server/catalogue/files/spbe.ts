import type { Service } from '../../database/entities/service'
import { writeCsv } from './csv'

/**
 * The SPBE service metadata of SE MenPANRB 18/2022 as CSV: the fifteen attributes in the order the circular lists
 * them, one row per published service. "Model Referensi Layanan" is the RAL category (code and name); the
 * related metadata ids are joined with "; ".
 */
export const SPBE_COLUMNS = ['ID', 'Nama Layanan', 'Tujuan Layanan', 'Fungsi Layanan', 'Model Referensi Layanan',
  'Unit Pelaksana', 'Kementerian/Lembaga Terkait', 'Urusan Pemerintahan Terkait', 'Target Layanan', 'Metode Layanan',
  'Potensi Manfaat', 'Potensi Ekonomi', 'Potensi Risiko', 'Mitigasi Risiko', 'ID Metadata Terkait'] as const

/** One service's row; its category and OPD must be loaded. */
function spbeRow(service: Service): string[] {
  return [service.spbeId, service.name, service.purpose, service.function,
    `${service.category.code} ${service.category.name}`, service.agency.name, service.relatedMinistry,
    service.governmentAffair, service.target, service.method, service.benefits, service.economicPotential,
    service.risks, service.riskMitigation, service.relatedMetadataIds.join('; ')]
}

export function spbeMetadataCsv(services: readonly Service[]): string {
  return writeCsv([[...SPBE_COLUMNS], ...services.map(spbeRow)])
}
