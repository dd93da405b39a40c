/** Dates as a citizen of Tanggamus reads them: long form, in WIB; a missing date says it is not set. */
export function useJakartaDate() {
  const { t, locale } = useI18n()
  const format = computed(() => new Intl.DateTimeFormat(locale.value === 'en' ? 'en-GB' : 'id-ID',
    { dateStyle: 'long', timeZone: 'Asia/Jakarta' }))
  return (value: string | Date | null | undefined) =>
    value ? format.value.format(new Date(value)) : t('track.noDueDate')
}
