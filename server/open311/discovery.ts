/** The discovery document: where the one endpoint is and which formats it speaks. */
export const OPEN311_CHANGESET = '2026-12-05T12:00:00Z'

export function discovery(origin: string) {
  return {
    changeset: OPEN311_CHANGESET,
    contact: 'Diskominfo Kabupaten Tanggamus, melalui menu Pengaduan di portal MPP Digital.',
    key_service: `${origin}/admin/open311 (kunci API diterbitkan oleh admin Diskominfo)`,
    endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${origin}/open311/v2`,
      changeset: OPEN311_CHANGESET, type: 'production', formats: ['application/json', 'text/xml'] }],
  }
}
