/**
 * The officer inbox (`/petugas`): the requests of the officer's own OPD (every OPD for an admin), most urgent first
 * and walked with a keyset cursor, so a page costs the same at the millionth request as at the first.
 *
 * Urgency: requests waiting on the citizen (perlu_perbaikan, clock paused) come last; the rest by due date, so the
 * overdue ones, whose due dates are the oldest, lead; requests without a jangka waktu follow; ties by id. The
 * migrations' request_inbox_index (open requests) and request_inbox_status_index (one status) hold the same
 * expressions. bench/inbox.ts measures this at 10,000 and 1,000,000 requests.
 */
import type { EntityManager } from '@mikro-orm/postgresql'
import { CompiledQuery } from 'kysely'
import type { User } from '../database/entities/user'
import { RequestError } from './errors'
import { REQUEST_STATES, type RequestState } from './state-machine'
import { todayInJakarta } from './working-days'

export const INBOX_COUNT_CAP = 1000
const DEFAULT_LIMIT = 25
const MAX_LIMIT = 100
/**
 * The inbox's order, also in the capped count: ordered, the count reads at most 1,001 entries of the inbox indexes,
 * where unordered PostgreSQL may scan the whole table for an OPD with few requests (bench/RESULTS.md).
 */
const INBOX_ORDER = 'r."status" = \'perlu_perbaikan\', coalesce(r."due_date", \'infinity\'::date), r."id"'
const OPEN_STATES: RequestState[] = ['diajukan', 'diverifikasi', 'diproses', 'perlu_perbaikan', 'dilengkapi']

export interface InboxFilter {
  status?: RequestState
  serviceSlug?: string
  overdue?: boolean
  cursor?: string
  limit?: number
  now?: Date
}

export interface InboxItem {
  trackingCode: string
  service: { slug: string, name: string }
  status: RequestState
  submittedAt: Date
  dueDate: string | null
  overdue: boolean
}

export interface InboxPage {
  items: InboxItem[]
  nextCursor: string | null
  /** All matching requests, counted up to the cap: `label` reads "1000+" beyond it. */
  count: { value: number, capped: boolean, label: string }
}

interface Row {
  id: number
  tracking_code: string
  status: RequestState
  /** As the driver gives it: a Date, or PostgreSQL's text form through the raw client. */
  submitted_at: Date | string
  due_date: string | null
  sort_date: string
  waiting: boolean
  overdue: boolean
  service_slug: string
  service_name: string
}

export async function officerInbox(em: EntityManager, officer: User, filter: InboxFilter = {}): Promise<InboxPage> {
  const isStaff = officer.role === 'officer' || officer.role === 'head'
  if (officer.role !== 'admin' && !(isStaff && officer.agency)) {
    throw new RequestError('refused', 'Kotak masuk ini hanya untuk petugas OPD.', {}, 'role')
  }
  if (filter.status && !REQUEST_STATES.includes(filter.status)) {
    throw new RequestError('invalid-input', 'Status itu tidak dikenal.', { status: 'Pilih status dari daftar.' })
  }
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT)
  const today = todayInJakarta(filter.now)
  const cursor = filter.cursor ? decodeCursor(filter.cursor) : null

  // One status is an equality, so that request_inbox_status_index serves it in order; the open states together
  // are served by the partial request_inbox_index.
  const params: unknown[] = [filter.status ?? OPEN_STATES]
  const conditions = [filter.status ? 'r."status" = $1' : 'r."status" = any($1::text[])']
  if (officer.role !== 'admin') conditions.push(`r."agency_id" = $${params.push(officer.agency!.id)}`)
  if (filter.serviceSlug) conditions.push(`s."slug" = $${params.push(filter.serviceSlug)}`)
  if (filter.overdue) conditions.push(overdueAt(params.push(today)))
  const where = conditions.join(' and ')

  const pageParams = [...params]
  const overdue = overdueAt(pageParams.push(today))
  let after = ''
  if (cursor) {
    after = ` and (r."status" = 'perlu_perbaikan', coalesce(r."due_date", 'infinity'::date), r."id")
      > ($${pageParams.push(cursor.waiting)}::boolean, $${pageParams.push(cursor.date)}::date,
      $${pageParams.push(cursor.id)}::int)`
  }
  const query = query_(em)
  const rows = await query<Row>(`select r."id", r."tracking_code", r."status", r."submitted_at",
      r."due_date"::text as "due_date", coalesce(r."due_date", 'infinity'::date)::text as "sort_date",
      r."status" = 'perlu_perbaikan' as "waiting", ${overdue} as "overdue", s."slug" as "service_slug",
      s."name" as "service_name"
    from "request" r join "service" s on s."id" = r."service_id"
    where ${where}${after}
    order by ${INBOX_ORDER} limit ${limit + 1}`, pageParams)
  const [counted] = await query<{ n: number }>(`select count(*)::int as "n" from (select 1
    from "request" r join "service" s on s."id" = r."service_id" where ${where}
    order by ${INBOX_ORDER} limit ${INBOX_COUNT_CAP + 1}) t`,
  params)

  const page = rows.slice(0, limit)
  const last = page.at(-1)
  const n = counted?.n ?? 0
  return {
    items: page.map(row => ({ trackingCode: row.tracking_code, service: { slug: row.service_slug,
      name: row.service_name }, status: row.status, submittedAt: new Date(row.submitted_at), dueDate: row.due_date,
    overdue: row.overdue === true })),
    nextCursor: rows.length > limit && last
      ? encodeCursor({ waiting: last.waiting, date: last.sort_date, id: last.id })
      : null,
    count: { value: Math.min(n, INBOX_COUNT_CAP), capped: n > INBOX_COUNT_CAP,
      label: n > INBOX_COUNT_CAP ? `${INBOX_COUNT_CAP}+` : String(n) },
  }
}

/**
 * Past its due date with the clock running (parameter `today`, in WIB): a paused request is not the OPD's delay.
 * Written in the index's own expressions (not waiting, coalesced due date), which say the same here, so that the
 * overdue filter is a range of request_inbox_index instead of a scan of every open request of the OPD.
 */
function overdueAt(today: number): string {
  return `(not (r."status" = 'perlu_perbaikan') and coalesce(r."due_date", 'infinity'::date) < $${today}::date
    and r."status" in ('diajukan', 'diverifikasi', 'diproses', 'dilengkapi'))`
}

interface Cursor {
  waiting: boolean
  date: string
  id: number
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.waiting ? 1 : 0, cursor.date, cursor.id])).toString('base64url')
}

function decodeCursor(text: string): Cursor {
  try {
    const [waiting, date, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[]
    if ((waiting === 0 || waiting === 1) && typeof date === 'string'
      && (date === 'infinity' || /^\d{4}-\d{2}-\d{2}$/.test(date)) && Number.isSafeInteger(id)) {
      return { waiting: waiting === 1, date, id: id as number }
    }
  }
  catch {
    // Not base64url JSON: refused below like any other malformed cursor.
  }
  throw new RequestError('invalid-input', 'Halaman kotak masuk tidak valid; mulai lagi dari halaman pertama.',
    { cursor: 'Penunjuk halaman tidak valid.' })
}

function query_(em: EntityManager) {
  const client = em.getConnection().getClient()
  return async <T>(sql: string, params: unknown[]) =>
    (await client.executeQuery<T>(CompiledQuery.raw(sql, params))).rows
}
