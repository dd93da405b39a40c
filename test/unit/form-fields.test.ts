/**
 * Issue 6: the application form edited as fields rather than JSON. The page's fields become the form definition and
 * back without a change; keys stay as they were, new ones come from labels and never repeat; blank rows, removal,
 * order and sizes in MB; every problem is an Indonesian sentence at its input.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formFromFields, formToFields, keyFromLabel, optionsFromLines } from '../../server/catalogue/form-fields'
import { FORM_MESSAGES, formSchema, type ServiceForm } from '../../server/catalogue/form-schema'
import { SEED_DIR } from '../support/paths'

const FORMS_DIR = `${SEED_DIR}/forms`
const seedForm = (name: string) => formSchema.parse(JSON.parse(readFileSync(`${FORMS_DIR}/${name}.json`, 'utf8')))

const FORM: ServiceForm = formSchema.parse({
  questions: [
    { key: 'namaAnak', label: 'Nama anak', type: 'text', required: true },
    { key: 'jumlahAnak', label: 'Jumlah anak', type: 'number', required: false, min: 1, max: 20, integer: true },
    { key: 'keperluan', label: 'Keperluan', type: 'choice', required: true,
      options: [{ value: 'baru', label: 'Pembuatan baru' }, { value: 'hilang', label: 'Pengganti yang hilang' }] },
  ],
  documents: [{ key: 'kartuKeluarga', label: 'Kartu Keluarga', required: true, accept: ['application/pdf'],
    maxBytes: 10 * 1024 * 1024 }],
})

/** The fields as the page posts them: unticked boxes absent. */
const posted = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).filter(([, v]) => v))

describe('the application form as fields', () => {
  it('turns every seeded form into fields and back without a change', () => {
    const names = readdirSync(FORMS_DIR).map(file => file.replace(/\.json$/, ''))
    expect(names.length).toBeGreaterThan(50)
    for (const name of names) {
      const form = seedForm(name)
      expect(formFromFields(posted(formToFields(form))), name).toMatchObject({ form, errors: {} })
    }
  })

  it('offers two blank questions and one blank document, which are ignored when left blank', () => {
    const values = formToFields(FORM)
    expect(values['form.q.4.label']).toBe('')
    expect(values['form.q.5.label']).toBeUndefined()
    expect(values['form.d.1.label']).toBe('')
    expect(values['form.d.1.maxMb']).toBe('5')
    expect(values['form.d.0.maxMb']).toBe('10')
    expect(formFromFields(posted(values)).form).toEqual(FORM)
  })

  it('has no form when there are no questions and no documents', () => {
    expect(formFromFields(posted(formToFields(null)))).toMatchObject({ form: null, errors: {} })
    const allRemoved = { ...posted(formToFields(FORM)), 'form.q.0.remove': 'ya', 'form.q.1.remove': 'ya',
      'form.q.2.remove': 'ya', 'form.d.0.remove': 'ya' }
    expect(formFromFields(allRemoved)).toMatchObject({ form: null, errors: {} })
  })

  it('keeps a key when the label changes, and makes unique keys for new questions and documents', () => {
    const { form } = formFromFields({ ...posted(formToFields(FORM)), 'form.q.0.label': 'Nama lengkap anak',
      'form.q.3.label': 'Nama anak', 'form.q.3.type': 'text', 'form.q.4.label': 'Nama  ának!', 'form.q.4.type': 'text',
      'form.d.1.label': 'Kartu keluarga (KK)', 'form.d.1.pdf': 'ya' })
    expect(form?.questions.map(question => question.key)).toEqual(['namaAnak', 'jumlahAnak', 'keperluan',
      'namaAnak2', 'namaAnak3'])
    expect(form?.questions[0]?.label).toBe('Nama lengkap anak')
    expect(form?.documents.map(document => document.key)).toEqual(['kartuKeluarga', 'kartuKeluargaKk'])
  })

  it('never gives a new question the key of one removed in the same post', () => {
    const { form } = formFromFields({ ...posted(formToFields(FORM)), 'form.q.0.remove': 'ya',
      'form.q.3.label': 'Nama anak', 'form.q.3.type': 'text' })
    expect(form?.questions.map(question => question.key)).toEqual(['jumlahAnak', 'keperluan', 'namaAnak2'])
  })

  it('makes keys that start with a letter from any label', () => {
    const taken = new Set<string>()
    expect(keyFromLabel('2 Foto terbaru', 'dokumen', taken)).toBe('dokumen2FotoTerbaru')
    expect(keyFromLabel('???', 'isian', taken)).toBe('isian')
    expect(keyFromLabel('!!!', 'isian', taken)).toBe('isian2')
  })

  it('never makes a key that is a built-in name of JavaScript objects, and the schema refuses one', () => {
    const taken = new Set<string>()
    expect(keyFromLabel('Constructor', 'isian', taken)).toBe('constructor2')
    expect(keyFromLabel('To string', 'isian', taken)).toBe('toString2')
    expect(keyFromLabel('Has own property', 'isian', taken)).toBe('hasOwnProperty2')
    const { form } = formFromFields({ ...posted(formToFields(FORM)), 'form.q.3.label': 'Value of',
      'form.q.3.type': 'text' })
    expect(form?.questions[3]?.key).toBe('valueOf2')
    for (const [question, document] of [['constructor', 'toString'], ['valueOf', 'isPrototypeOf']]) {
      const parsed = formSchema.safeParse({ documents: [{ key: document, label: 'Kartu Keluarga', required: true }],
        questions: [{ key: question, label: 'Nama anak', type: 'text', required: true }] })
      expect(parsed.error?.issues.map(issue => [issue.path.join('.'), issue.message]), question).toEqual([
        ['questions.0.key', FORM_MESSAGES.reservedKey], ['documents.0.key', FORM_MESSAGES.reservedKey]])
    }
  })

  it('puts questions and documents in the order typed, a blank order after the numbered ones', () => {
    const { form } = formFromFields({ ...posted(formToFields(FORM)), 'form.q.0.order': '9', 'form.q.2.order': '1',
      'form.q.3.label': 'Alamat sekarang', 'form.q.3.type': 'textarea' })
    expect(form?.questions.map(question => question.key)).toEqual(['keperluan', 'jumlahAnak', 'namaAnak',
      'alamatSekarang'])
  })

  it('keeps the page\'s order between rows with the same number, and puts a blank one after any number', () => {
    const tied = formFromFields({ ...posted(formToFields(FORM)), 'form.q.0.order': '2', 'form.q.1.order': '1',
      'form.q.2.order': '1' })
    expect(tied.form?.questions.map(question => question.key)).toEqual(['jumlahAnak', 'keperluan', 'namaAnak'])
    const blank = formFromFields({ ...posted(formToFields(FORM)), 'form.q.0.order': '5000', 'form.q.1.order': '',
      'form.q.3.label': 'Alamat sekarang', 'form.q.3.type': 'textarea' })
    expect(blank.form?.questions.map(question => question.key)).toEqual(['keperluan', 'namaAnak', 'jumlahAnak',
      'alamatSekarang'])
  })

  it('reads the largest size in MB, with a comma or a point, and the ticked file types', () => {
    const { form } = formFromFields({ ...posted(formToFields(FORM)), 'form.d.0.maxMb': '2,5', 'form.d.0.png': 'ya',
      'form.d.1.label': 'Pas foto', 'form.d.1.maxMb': '0.5', 'form.d.1.jpeg': 'ya', 'form.d.1.pdf': '' })
    expect(form?.documents.map(({ maxBytes, accept }) => ({ maxBytes, accept }))).toEqual([
      { maxBytes: 2.5 * 1024 * 1024, accept: ['application/pdf', 'image/png'] },
      { maxBytes: 512 * 1024, accept: ['image/jpeg', 'image/png'] },
    ])
  })

  it('keeps an option\'s value while its label stays, and gives a new or renamed line a value of its own', () => {
    const previous = 'baru=Pembuatan baru\nhilang=Pengganti yang hilang\nrusak=Pengganti yang rusak'
    expect(optionsFromLines(['Pengganti yang hilang', 'Baru', 'Perubahan data'], previous))
      .toEqual([{ value: 'hilang', label: 'Pengganti yang hilang' }, { value: 'baru-2', label: 'Baru' },
        { value: 'perubahan-data', label: 'Perubahan data' }])
    expect(optionsFromLines(['Rusak', 'Rusak!'], '')).toEqual([{ value: 'rusak', label: 'Rusak' },
      { value: 'rusak-2', label: 'Rusak!' }])
  })

  it('changes a question\'s type once the boxes only the old type uses are emptied', () => {
    const { form } = formFromFields({ ...posted(formToFields(FORM)), 'form.q.1.type': 'text', 'form.q.1.min': '',
      'form.q.1.max': '', 'form.q.1.integer': '' })
    expect(form?.questions[1]).toEqual({ key: 'jumlahAnak', label: 'Jumlah anak', type: 'text', required: false })
  })

  it('keeps every row\'s every field to show again, unticked boxes as blank', () => {
    const { values } = formFromFields({ ...posted(formToFields(FORM)), 'form.q.3.label': 'x' })
    expect(values['form.q.0.required']).toBe('ya')
    expect(values['form.q.1.required']).toBe('')
    expect(values['form.q.3.label']).toBe('x')
    expect(values['form.q.4.label']).toBe('')
    expect(values['form.d.0.png']).toBe('')
  })
})

describe('problems with the typed application form', () => {
  const problems = (changes: Record<string, string>) =>
    formFromFields({ ...posted(formToFields(FORM)), ...changes }).errors

  it('names the question or document and the field, at the field\'s input', () => {
    expect(problems({ 'form.q.3.label': 'Jenis kelamin', 'form.q.3.type': 'choice', 'form.q.3.options': 'Laki-laki' }))
      .toEqual({ 'form.q.3.options': 'Pertanyaan 4: pilihan jawaban perlu paling sedikit dua baris.' })
    expect(problems({ 'form.q.0.label': 'Na' }))
      .toEqual({ 'form.q.0.label': `Pertanyaan 1: ${FORM_MESSAGES.questionLabel}` })
    expect(problems({ 'form.q.0.label': '' }))
      .toEqual({ 'form.q.0.label': `Pertanyaan 1: ${FORM_MESSAGES.questionLabel}` })
    expect(problems({ 'form.q.3.hint': 'Tulis lengkap' }))
      .toEqual({ 'form.q.3.label': `Pertanyaan 4: ${FORM_MESSAGES.questionLabel}` })
    expect(problems({ 'form.q.0.hint': 'ok' })).toEqual({ 'form.q.0.hint': `Pertanyaan 1: ${FORM_MESSAGES.hint}` })
    expect(problems({ 'form.q.0.type': 'lainnya' })).toEqual({ 'form.q.0.type': `Pertanyaan 1: ${FORM_MESSAGES.type}` })
    expect(problems({ 'form.q.2.options': 'KK\nPengganti yang hilang' }))
      .toEqual({ 'form.q.2.options': `Pertanyaan 3: ${FORM_MESSAGES.optionLabel}` })
  })

  it('refuses, at its box, what the chosen type does not use, rather than dropping it without a word', () => {
    expect(problems({ 'form.q.1.type': 'text' })).toEqual({
      'form.q.1.min': 'Pertanyaan 2: nilai terkecil hanya untuk jenis Angka. Kosongkan kotak ini atau ubah jenisnya.',
      'form.q.1.max': 'Pertanyaan 2: nilai terbesar hanya untuk jenis Angka. Kosongkan kotak ini atau ubah jenisnya.',
      'form.q.1.integer': 'Pertanyaan 2: "bilangan bulat" hanya untuk jenis Angka. Hapus centangnya atau ubah '
        + 'jenisnya.',
    })
    expect(problems({ 'form.q.3.label': 'Nama panggilan', 'form.q.3.type': 'text',
      'form.q.3.options': 'Panggilan satu\nPanggilan dua', 'form.q.3.min': '1' })).toEqual({
      'form.q.3.options': 'Pertanyaan 4: pilihan jawaban hanya untuk jenis Pilihan. Kosongkan kotak ini atau ubah '
        + 'jenisnya.',
      'form.q.3.min': 'Pertanyaan 4: nilai terkecil hanya untuk jenis Angka. Kosongkan kotak ini atau ubah jenisnya.',
    })
    expect(problems({ 'form.q.0.notFuture': 'ya' })).toEqual({ 'form.q.0.notFuture': 'Pertanyaan 1: "tidak boleh '
      + 'lewat hari ini" hanya untuk jenis Tanggal. Hapus centangnya atau ubah jenisnya.' })
  })

  it('lists the problems in the page\'s order: questions by row, each one\'s fields as shown, then documents', () => {
    const errors = problems({ 'form.d.6.label': 'Surat kuasa', 'form.d.6.pdf': 'ya', 'form.d.6.maxMb': 'lima',
      'form.q.2.order': 'x', 'form.q.10.label': 'Golongan darah', 'form.q.10.type': 'choice',
      'form.q.10.options': 'Golongan A', 'form.q.1.order': '2,5', 'form.q.1.min': 'satu', 'form.q.0.hint': 'ok',
      'form.q.0.label': 'Na' })
    expect(Object.keys(errors)).toEqual(['form.q.0.label', 'form.q.0.hint', 'form.q.1.min', 'form.q.1.order',
      'form.q.2.order', 'form.q.10.options', 'form.d.6.maxMb'])
  })

  it('checks the limits of a number question', () => {
    expect(problems({ 'form.q.1.min': 'satu' })).toEqual({ 'form.q.1.min':
      'Pertanyaan 2: nilai terkecil ditulis dengan angka.' })
    expect(problems({ 'form.q.1.min': '30' })).toEqual({ 'form.q.1.max': `Pertanyaan 2: ${FORM_MESSAGES.minAboveMax}` })
    expect(problems({ 'form.q.1.max': '0' })).toEqual({ 'form.q.1.max': `Pertanyaan 2: ${FORM_MESSAGES.max}` })
    expect(problems({ 'form.q.1.order': '2,5' })).toEqual({ 'form.q.1.order':
      'Pertanyaan 2: urutan ditulis dengan angka bulat, contoh 3.' })
  })

  it('checks a document\'s file types and size', () => {
    expect(problems({ 'form.d.0.pdf': '' })).toEqual({ 'form.d.0.pdf': `Dokumen 1: ${FORM_MESSAGES.accept}` })
    expect(problems({ 'form.d.0.maxMb': '25' })).toEqual({ 'form.d.0.maxMb': `Dokumen 1: ${FORM_MESSAGES.maxBytes}` })
    expect(problems({ 'form.d.0.maxMb': 'lima' })).toEqual({ 'form.d.0.maxMb':
      'Dokumen 1: ukuran ditulis dalam MB, contoh 5 atau 2,5.' })
    expect(problems({ 'form.d.0.label': 'KK' }))
      .toEqual({ 'form.d.0.label': `Dokumen 1: ${FORM_MESSAGES.documentLabel}` })
  })

  it('asks for a question when only documents are left, at the first question', () => {
    expect(problems({ 'form.q.0.remove': 'ya', 'form.q.1.remove': 'ya', 'form.q.2.remove': 'ya' }))
      .toEqual({ 'form.q.0.label': 'Formulir perlu paling sedikit satu pertanyaan; tanpa pertanyaan dan dokumen, '
        + 'layanan tidak punya formulir daring.' })
  })

  it('refuses two rows with one key, which only a changed hidden field can cause', () => {
    expect(problems({ 'form.q.1.key': 'namaAnak' })).toEqual({ form: `S${FORM_MESSAGES.uniqueKeys.slice(1)}` })
    expect(problems({ 'form.q.1.key': 'Nama Anak' }))
      .toEqual({ 'form.q.1.label': `Pertanyaan 2: ${FORM_MESSAGES.key}` })
  })

  it('writes the schema\'s messages in Indonesian for the JSON API too', () => {
    const parsed = formSchema.safeParse({ questions: [{ key: 'a', label: 'Pilih', type: 'choice', required: true }],
      documents: [] })
    expect(parsed.error?.issues.map(issue => [issue.path.join('.'), issue.message]))
      .toEqual([['questions.0.options', FORM_MESSAGES.choiceOnly]])
  })
})
