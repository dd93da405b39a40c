import type { ServiceForm } from '../../server/catalogue/form-schema'

/*
 * Sample applications for the tests and the submission benchmark alike: free of the test runner, so a benchmark can
 * load it. Nothing here is a real person's.
 */

/** The NIK every sample application carries, so a test can look for it in clear or masked. */
export const SAMPLE_NIK = '1806014501900001'

/** Answers every question of a form with a valid value of its type. */
export function sampleAnswers(form: ServiceForm): Record<string, string> {
  const sample: Record<string, (options?: { value: string }[]) => string> = {
    text: () => 'Contoh isian', textarea: () => 'Keterangan', number: () => '1', date: () => '2026-11-02',
    choice: options => options![0]!.value, yesno: () => 'ya', nik: () => SAMPLE_NIK,
    phone: () => '081234567890', kecamatan: () => '18.06.01',
  }
  return Object.fromEntries(form.questions.map(q => [q.key, sample[q.type]!(q.options)]))
}
