import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../server/accounts/accounts'
import { openDatabase, type Database } from '../../server/database/orm'
import { fetch, sessionCookie, setupPortal } from '../support/server'

/** The pengaduan JSON API (issue 4 contract): filing with and without an account, reading, answering, objecting. */
const { databaseUrl } = await setupPortal('complaints_api', { TRUST_PROXY: '1' })

let clients = 0
/** Each filing from an address of its own, so the per-address limit is met only where a test means it. */
const address = () => `10.0.${Math.floor(++clients / 250)}.${clients % 250 + 1}`

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(path, { method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address(), ...headers } })
}

async function file(body: Record<string, unknown>, headers: Record<string, string> = {}, key = randomUUID()) {
  return post('/api/v1/complaints', body, { 'idempotency-key': key, ...headers })
}

async function get(path: string, headers: Record<string, string> = {}) {
  return fetch(path, { headers: { 'x-forwarded-for': address(), ...headers } })
}

async function signIn(email: string, password: string) {
  return sessionCookie(await post('/api/v1/auth/login', { email, password }))
}

const road = { title: 'Jalan berlubang di Jalinbar', kecamatan: 'Kota Agung', privacy: 'biasa',
  description: 'Lubang besar di jalan dekat tikungan, malam tidak kelihatan, sudah ada pemotor jatuh minggu ini.' }

let database: Database
let warga: string
let capil: string
let dinsos: string
let admin: string

beforeAll(async () => {
  database = await openDatabase(databaseUrl)
  for (const [role, agencySlug, email] of [['officer', 'disdukcapil', 'capil@uji.test'],
    ['officer', 'dinsos', 'dinsos@uji.test'], ['admin', null, 'admin@uji.test']] as const) {
    await createStaff(database.orm.em.fork(), { role, agencySlug: agencySlug ?? undefined, name: `Staf ${email}`,
      email, password: 'meja kayu di ruang tengah' })
  }
  const registered = await post('/api/v1/auth/register', { name: 'Rina Pelapor', email: 'rina@contoh.test',
    phone: '081255556666', password: 'sungai jernih di semaka' })
  warga = sessionCookie(registered)
  capil = await signIn('capil@uji.test', 'meja kayu di ruang tengah')
  dinsos = await signIn('dinsos@uji.test', 'meja kayu di ruang tengah')
  admin = await signIn('admin@uji.test', 'meja kayu di ruang tengah')
})
afterAll(async () => {
  await database?.close()
})

interface Filed {
  trackingCode: string
  pin?: string
  status: string
  dueDate: string | null
}

describe('filing without an account', () => {
  it('gives a code and a PIN once; the same key again gives the same answer', async () => {
    const key = randomUUID()
    const first = await file({ ...road, privacy: 'anonim' }, {}, key)
    expect(first.status).toBe(201)
    const filed = await first.json() as Filed
    expect(filed).toMatchObject({ trackingCode: expect.stringMatching(/^ADU-/), pin: expect.stringMatching(/^\d{8}$/) })
    const again = await file({ ...road, privacy: 'anonim' }, {}, key)
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual(filed)
  })

  it('is read with the PIN only; a wrong PIN is the same 404 as a stranger, and guessing is stopped', async () => {
    const filed = await (await file(road)).json() as Filed
    const path = `/api/v1/complaints/${filed.trackingCode}`
    expect((await get(path)).status).toBe(404)
    const read = await fetch(path, { headers: { 'x-complaint-pin': filed.pin! } })
    expect(read.status).toBe(200)
    expect(await read.json()).toMatchObject({ title: road.title, as: 'reporter', status: expect.any(String) })
    const guesses = []
    for (let i = 0; i < 6; i++) {
      guesses.push((await fetch(path, { headers: { 'x-complaint-pin': '00000000' } })).status)
    }
    expect(guesses.slice(0, 5)).toEqual([404, 404, 404, 404, 404])
    expect(guesses[5]).toBe(429)
    const waited = await fetch(path, { headers: { 'x-complaint-pin': '00000000' } })
    expect((await waited.json() as { message: string }).message).toMatch(/percobaan PIN yang salah/)
  })

  it('refuses bad input with a message per field and files nothing', async () => {
    const response = await file({ title: 'x', description: 'pendek', kecamatan: 'Bandung', privacy: 'biasa' })
    expect(response.status).toBe(422)
    const body = await response.json() as { message: string, errors: Record<string, string> }
    expect(Object.keys(body.errors).sort()).toEqual(['description', 'title'])
  })

  it('answers 429 when one address files too many in a short time, counting neither refusals nor retries',
    async () => {
      const from = { 'x-forwarded-for': '10.9.9.9' }
      const refused = await file({ ...road, kecamatan: 'Atlantis' }, from)
      expect(refused.status).toBe(422)
      const key = randomUUID()
      const statuses = [(await file(road, from, key)).status]
      // Retries of a filed complaint, however many, use up nothing and always get their answer back.
      for (let i = 0; i < 3; i++) statuses.push((await file(road, from, key)).status)
      for (let i = 0; i < 10; i++) statuses.push((await file(road, from)).status)
      expect(statuses.slice(0, 4)).toEqual([201, 200, 200, 200])
      expect(statuses.slice(4, 13).every(status => status === 201)).toBe(true)
      expect(statuses[13]).toBe(429)
      expect((await file(road, from, key)).status).toBe(200)
    })

  it('attaches a photo sent to /api/v1/uploads without an account, once only', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), Buffer.alloc(64, 1)])
    const body = new FormData()
    body.append('file', new Blob([new Uint8Array(png)]), 'jalan.png')
    const sent = await fetch('/api/v1/uploads', { method: 'POST', body, headers: { 'x-forwarded-for': address() } })
    expect(sent.status).toBe(201)
    const { id } = await sent.json() as { id: string }
    const filed = await file({ ...road, photos: [id] })
    expect(filed.status).toBe(201)
    const again = await file({ ...road, photos: [id] })
    expect(again.status).toBe(422)
    expect((await again.json() as { errors: Record<string, string> }).errors.photos).toMatch(/Foto tidak ditemukan/)
  })

  it('keeps whistleblowing confidential even when a client asks for biasa', async () => {
    const filed = await (await file({ ...road, channel: 'wbs', privacy: 'biasa', title: 'Pungutan di loket',
      description: 'Petugas loket meminta uang pelicin agar berkas cepat diproses, tanpa kuitansi apa pun.' }))
      .json() as Filed
    const read = await fetch(`/api/v1/complaints/${filed.trackingCode}`, { headers: { 'x-complaint-pin': filed.pin! } })
    expect(await read.json()).toMatchObject({ privacy: 'rahasia' })
  })
})

describe('a complaint about a service, from filing to its answer', () => {
  let code = ''
  it('goes to the service\'s OPD, whose staff see it and whose neighbours do not', async () => {
    const filed = await (await file({ ...road, service: 'akta-kelahiran', title: 'Akta anak belum jadi',
      description: 'Sudah sebulan mengurus akta kelahiran anak, setiap datang disuruh kembali minggu depan.' },
    { cookie: warga })).json() as Filed
    expect(filed).toMatchObject({ status: 'didisposisikan' })
    expect(filed.pin).toBeUndefined()
    code = filed.trackingCode
    const forCapil = await (await get(`/api/v1/complaints/${code}`, { cookie: capil })).json()
    expect(forCapil).toMatchObject({ reporter: { name: 'Rina Pelapor' }, service: { slug: 'akta-kelahiran' } })
    expect((await get(`/api/v1/complaints/${code}`, { cookie: dinsos })).status).toBe(404)
    expect((await post(`/api/v1/officer/complaints/${code}/actions`, { action: 'answer', note: 'x' },
      { cookie: dinsos })).status).toBe(404)
    const inbox = await get('/api/v1/officer/complaints', { cookie: capil })
    expect((await inbox.json() as { trackingCode: string }[]).map(item => item.trackingCode)).toContain(code)
  })

  it('is answered, objected to once, answered again and rated', async () => {
    const act = (body: unknown, cookie: string) => post(`/api/v1/officer/complaints/${code}/actions`, body, { cookie })
    expect((await act({ action: 'answer' }, capil)).status).toBe(422)
    expect(await (await act({ action: 'answer', note: 'Akta sudah dicetak, silakan ambil di loket 2.' }, capil))
      .json()).toMatchObject({ status: 'dijawab' })
    const objection = await post(`/api/v1/complaints/${code}/objection`, { reason: 'Di loket katanya belum ada.' },
      { cookie: warga })
    expect(await objection.json()).toMatchObject({ status: 'dibuka_kembali' })
    expect(await (await act({ action: 'answer', note: 'Maaf, sudah kami cek: akta ada di loket 3.' }, capil))
      .json()).toMatchObject({ status: 'dijawab' })
    const twice = await post(`/api/v1/complaints/${code}/objection`, { reason: 'Lagi.' }, { cookie: warga })
    expect(twice.status).toBe(409)
    const rated = await post(`/api/v1/complaints/${code}/rating`, { score: 5, comment: 'Terima kasih.' },
      { cookie: warga })
    expect(rated.status).toBe(200)
    const view = await (await get(`/api/v1/complaints/${code}`, { cookie: warga })).json() as { rating: unknown
      timeline: { action: string }[] }
    expect(view.rating).toEqual({ score: 5, comment: 'Terima kasih.' })
    expect(view.timeline.map(step => step.action)).toEqual(['file', 'dispose', 'answer', 'object', 'answer', 'rate'])
  })
})

describe('verification by Diskominfo', () => {
  it('takes back a "bukan wewenang", disposes it elsewhere, merges a duplicate and marks spam', async () => {
    const filed = await (await file({ ...road, service: 'kartu-keluarga', title: 'Lampu jalan mati',
      description: 'Lampu jalan di gang kami mati sudah dua minggu, gelap total setiap malam, mohon diperbaiki.' },
    { cookie: warga })).json() as Filed
    const code = filed.trackingCode
    const act = (body: unknown, cookie: string) => post(`/api/v1/officer/complaints/${code}/actions`, body, { cookie })
    expect(await (await act({ action: 'return_to_verification', note: 'Ini urusan Dinas Perhubungan.' }, capil))
      .json()).toMatchObject({ status: 'diterima', agency: null })
    const queue = await (await get('/api/v1/officer/complaints?queue=1', { cookie: admin })).json() as
      { trackingCode: string }[]
    expect(queue.map(item => item.trackingCode)).toContain(code)
    expect(await (await act({ action: 'dispose', input: { toAgency: 'dishub' } }, admin)).json())
      .toMatchObject({ status: 'didisposisikan', agency: 'dishub' })

    const duplicate = await (await file(road, { cookie: warga })).json() as Filed
    const merge = await post(`/api/v1/officer/complaints/${duplicate.trackingCode}/actions`,
      { action: 'merge', input: { mergeInto: code } }, { cookie: admin })
    expect(await merge.json()).toMatchObject({ status: 'digabung' })
    const vague = await (await file({ ...road, title: 'Halo halo',
      description: 'Tes saja, mohon diabaikan, ini hanya coba kirim.' })).json() as Filed
    expect(vague.status).toBe('diterima')
    const spam = await post(`/api/v1/officer/complaints/${vague.trackingCode}/actions`, { action: 'mark_spam' },
      { cookie: admin })
    expect(await spam.json()).toMatchObject({ status: 'spam' })
  })
})

describe('an anonim complaint', () => {
  it('shows its reporter to nobody at the OPD, even when filed from an account', async () => {
    const filed = await (await file({ ...road, service: 'akta-kelahiran', privacy: 'anonim',
      email: 'rina.lain@contoh.test' }, { cookie: warga })).json() as Filed
    const response = await get(`/api/v1/complaints/${filed.trackingCode}`, { cookie: capil })
    const text = await response.text()
    expect(JSON.parse(text)).toMatchObject({ reporter: null, privacy: 'anonim' })
    for (const secret of ['Rina', 'rina@contoh.test', 'rina.lain@contoh.test']) expect(text).not.toContain(secret)
    const mails = await database.orm.em.getConnection().execute<{ text_body: string, subject: string }[]>(
      `select "text_body", "subject" from "outbox_message" where "subject" like '%' || ? || '%'`,
      [filed.trackingCode])
    for (const mail of mails) expect(`${mail.subject} ${mail.text_body}`).not.toContain('Rina')
  })
})
