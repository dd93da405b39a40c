import type { ServiceForm } from '../../server/catalogue/form-schema'
import { SAMPLE_NIK, sampleAnswers } from './sample-answers'
import { fetch, getJson, sessionCookie } from './server'

/** The smallest file the portal takes as a PDF. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
export { SAMPLE_NIK, sampleAnswers }

export async function signInAs(email: string, password: string): Promise<string> {
  const response = await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }) })
  return sessionCookie(response)
}

export async function registerCitizen(name: string, email: string): Promise<string> {
  const response = await fetch('/api/v1/auth/register', { method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, email, phone: '081200003333', password: 'kebun lada di pulau panggung' }) })
  return sessionCookie(response)
}

export async function uploadFile(cookie: string, content: Buffer, fileName: string): Promise<string> {
  const body = new FormData()
  body.append('file', new Blob([new Uint8Array(content)]), fileName)
  const response = await fetch('/api/v1/uploads', { method: 'POST', body, headers: { cookie } })
  if (response.status !== 201) throw new Error(`upload answered ${response.status}`)
  return (await response.json() as { id: string }).id
}

/** A complete application for `service` sent over the API by the citizen whose session is `cookie`. */
export async function submitSample(cookie: string, service = 'akta-kelahiran') {
  const { form } = await getJson<{ form: ServiceForm }>(`/api/v1/services/${service}`)
  const documents: Record<string, string> = {}
  for (const document of form.documents.filter(d => d.required)) {
    documents[document.key] = await uploadFile(cookie, PDF, `${document.key}.pdf`)
  }
  const response = await fetch('/api/v1/requests', { method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ service, answers: sampleAnswers(form), documents }) })
  if (response.status !== 201) throw new Error(`submission answered ${response.status}`)
  const { trackingCode } = await response.json() as { trackingCode: string }
  return { trackingCode, documents }
}
