import type { ServiceJson } from '../queries'

/**
 * A service as linked data, built from what `GET /api/v1/services/:slug` answers: schema.org `GovernmentService`
 * for search engines (embedded in the service page) and CPSV-AP 3.2.0 for government catalogues
 * (`GET /api/v1/services/:slug.jsonld`). Both name the same URLs: the service page, the OPD page.
 */

const REGENCY = 'Kabupaten Tanggamus'
/** Kemendagri's code of the regency (Permendagri 58/2021, as in idn-area-data). */
const REGENCY_CODE = '18.06'

const AUDIENCES: Record<string, string> = {
  G2C: 'Warga', G2B: 'Pelaku usaha', G2G: 'Instansi pemerintah', G2E: 'Aparatur sipil negara',
}

/**
 * JSON to put inside `<script type="application/ld+json">`: `<`, `>` and `&` written as \u escapes, so no value
 * (a `</script>` typed into a service) can close the element or open a comment, and JSON.parse reads it unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

function urls(service: ServiceJson, origin: string) {
  const page = `${origin}/layanan/${service.slug}`
  // A service applied for through the portal is applied for on its form; another body's channel is its own URL.
  const online = service.channelUrl ?? (service.form ? `${page}/ajukan` : page)
  return { page, online, agency: `${origin}/opd/${service.agency.slug}` }
}

/** ISO 8601 duration of the processing time: working days, the unit of the standar pelayanan. */
function duration(days: number | null): string | undefined {
  return days === null ? undefined : `P${days}D`
}

/** schema.org GovernmentService, for the service page (https://schema.org/GovernmentService). */
export function governmentService(service: ServiceJson, origin: string) {
  const link = urls(service, origin)
  return {
    '@context': 'https://schema.org',
    '@type': 'GovernmentService',
    '@id': link.page,
    'url': link.page,
    'identifier': service.spbeId,
    'name': service.name,
    'alternateName': service.aliases,
    'description': service.purpose,
    'serviceType': service.category.name,
    'provider': { '@type': 'GovernmentOrganization', '@id': link.agency, 'name': service.agency.name,
      'alternateName': service.agency.shortName, 'url': link.agency },
    'areaServed': { '@type': 'AdministrativeArea', 'name': REGENCY, 'identifier': REGENCY_CODE,
      'containedInPlace': { '@type': 'AdministrativeArea', 'name': 'Provinsi Lampung' } },
    'audience': { '@type': 'Audience', 'audienceType': AUDIENCES[service.target] ?? service.target },
    'availableChannel': { '@type': 'ServiceChannel', 'serviceUrl': link.online, 'availableLanguage': 'id',
      'processingTime': duration(service.durationDays) },
    'serviceOutput': { '@type': 'Thing', 'name': service.output },
    'termsOfService': service.legalBasis.join('; '),
    ...(service.fee.amount === null
      ? {}
      : { offers: { '@type': 'Offer', 'price': service.fee.amount,
          'priceCurrency': 'IDR', 'description': service.fee.note } }),
  }
}

const CPSV_CONTEXT = {
  cpsv: 'http://purl.org/vocab/cpsv#',
  cv: 'http://data.europa.eu/m8g/',
  dct: 'http://purl.org/dc/terms/',
  dcat: 'http://www.w3.org/ns/dcat#',
  eli: 'http://data.europa.eu/eli/ontology#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
}

const text = (value: string) => ({ '@language': 'id', '@value': value })

/**
 * The service in CPSV-AP 3.2.0 (https://semiceu.github.io/CPSV-AP/releases/3.2.0/). The specification's own
 * terms: hasInput and produces are in the cpsv namespace, the other relations in cv (http://data.europa.eu/m8g/).
 */
export function cpsvPublicService(service: ServiceJson, origin: string) {
  const link = urls(service, origin)
  const spatial = { '@type': 'dct:Location', 'dct:identifier': REGENCY_CODE, 'skos:prefLabel': text(REGENCY) }
  const channels = [
    ...(service.method === 'luring'
      ? []
      : [{ '@id': link.online, '@type': 'cv:Channel',
          'dct:identifier': `${service.spbeId}-daring`, 'dct:description': text('Daring (lewat internet)') }]),
    ...(service.method === 'daring'
      ? []
      : [{ '@id': `${link.page}#kanal-luring`, '@type': 'cv:Channel',
          'dct:identifier': `${service.spbeId}-luring`,
          'dct:description': text(`Datang langsung ke kantor ${service.agency.name}`) }]),
  ]
  return {
    '@context': CPSV_CONTEXT,
    '@id': link.page,
    '@type': 'cpsv:PublicService',
    'dct:identifier': service.spbeId,
    'dct:title': text(service.name),
    'dct:description': text(service.purpose),
    'dct:language': { '@id': 'http://publications.europa.eu/resource/authority/language/IND' },
    'dct:spatial': spatial,
    'dcat:keyword': service.aliases.map(text),
    'cv:thematicArea': { '@id': `${origin}/kategori/${service.category.code}`, '@type': 'skos:Concept',
      'skos:notation': service.category.code, 'skos:prefLabel': text(service.category.name) },
    'cv:hasCompetentAuthority': { '@id': link.agency, '@type': 'cv:PublicOrganisation',
      'dct:identifier': service.agency.slug, 'skos:prefLabel': text(service.agency.name),
      'skos:altLabel': text(service.agency.shortName), 'dct:spatial': spatial },
    'cv:hasChannel': channels,
    'cv:hasCost': { '@id': `${link.page}#biaya`, '@type': 'cv:Cost', 'dct:identifier': `${service.spbeId}-biaya`,
      ...(service.fee.amount === null
        ? {}
        : { 'cv:value': service.fee.amount,
            'cv:currency': { '@id': 'http://publications.europa.eu/resource/authority/currency/IDR' } }),
      'dct:description': text(service.fee.note) },
    'cv:hasLegalResource': service.legalBasis.map((title, index) => ({ '@id': `${link.page}#dasar-hukum-${index + 1}`,
      '@type': 'eli:LegalResource', 'dct:title': text(title) })),
    'cpsv:hasInput': service.requirements.map((title, index) => ({ '@id': `${link.page}#persyaratan-${index + 1}`,
      '@type': 'cv:Evidence', 'dct:identifier': `${service.spbeId}-P${index + 1}`, 'dct:title': text(title) })),
    'cpsv:produces': { '@id': `${link.page}#produk`, '@type': 'cv:Output', 'dct:identifier': `${service.spbeId}-produk`,
      'dct:title': text(service.output) },
    ...(service.durationDays === null
      ? {}
      : { 'cv:processingTime': { '@type': 'xsd:duration',
          '@value': duration(service.durationDays) } }),
  }
}
