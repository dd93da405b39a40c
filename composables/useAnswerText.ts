import type { FormQuestion } from '~~/server/catalogue/form-schema'

/** An answer as a sentence shows it: the choice's label, Ya/Tidak, the kecamatan's name, a date in words. */
export function useAnswerText(kecamatan: Ref<{ code: string, name: string }[]>) {
  const { t } = useI18n()
  const formatDate = useJakartaDate()
  return (question: Pick<FormQuestion, 'type' | 'options'>, value: string | number | boolean | undefined): string => {
    if (value === undefined || value === '') return ''
    if (question.type === 'yesno') return value === true || value === 'ya' ? t('mine.yes') : t('mine.no')
    if (question.type === 'choice') return question.options?.find(option => option.value === value)?.label ?? ''
    if (question.type === 'kecamatan') return kecamatan.value.find(item => item.code === value)?.name ?? String(value)
    if (question.type === 'date' && typeof value === 'string') return formatDate(value)
    return String(value)
  }
}
