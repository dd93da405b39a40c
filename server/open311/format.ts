/**
 * The two formats of GeoReport v2 (issue 4): JSON, and XML whose element names are the JSON keys, a list being
 * an element per item inside its container (`<services><service>…`). A few lines of escaping suffice; no library.
 */
import type { H3Event } from 'h3'

export type Open311Format = 'json' | 'xml'

/** A refusal in the specification's shape: its HTTP status is also its `code`. */
export class Open311Error extends Error {
  override name = 'Open311Error'
  constructor(readonly code: 400 | 403 | 404 | 429, readonly description: string) {
    super(description)
  }
}

/** The item element of each list container. */
const ITEM_NAMES: Record<string, string> = {
  services: 'service', service_requests: 'request', errors: 'error', endpoints: 'endpoint', formats: 'format',
  attributes: 'attribute', values: 'value',
}

// XML 1.0 allows tab, newline and carriage return among the control characters; the rest cannot be written.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

function element(name: string, value: unknown): string {
  if (value === undefined) return ''
  if (value === null || value === '') return `<${name}/>`
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item'
    return `<${name}>${value.map(entry => element(item, entry)).join('')}</${name}>`
  }
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value).map(([key, entry]) => element(key, entry)).join('')}</${name}>`
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`
}

/** The XML document of a list (`container` names it) or of one object (`container` is its element). */
export function toXml(container: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(container, value)}`
}

/** Sends `value` in the asked format; `container` is the XML root. */
export function respond(event: H3Event, format: Open311Format, container: string, value: unknown) {
  setResponseHeader(event, 'Cache-Control', 'no-store')
  if (format === 'xml') {
    setResponseHeader(event, 'Content-Type', 'text/xml; charset=utf-8')
    return toXml(container, value)
  }
  setResponseHeader(event, 'Content-Type', 'application/json; charset=utf-8')
  return JSON.stringify(value)
}

export function respondError(event: H3Event, format: Open311Format, error: Open311Error) {
  setResponseStatus(event, error.code)
  return respond(event, format, 'errors', [{ code: error.code, description: error.description }])
}

/** `name.json` or `name.xml` → [name, format]; anything else → null (a 404). */
export function splitFormat(segment: string): [string, Open311Format] | null {
  const match = /^(.+)\.(json|xml)$/.exec(segment)
  return match ? [match[1]!, match[2] as Open311Format] : null
}

/** A date-time the specification's way (ISO 8601 with its offset), in UTC, without milliseconds. */
export const isoDateTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z')
