/** A moment (date and time) in WIB, for staff pages where the hour matters; a missing one reads as a dash. */
export function useJakartaDateTime() {
  const { locale } = useI18n()
  const format = computed(() => new Intl.DateTimeFormat(locale.value === 'en' ? 'en-GB' : 'id-ID',
    { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Jakarta' }))
  return (value: string | Date | null | undefined) => value ? `${format.value.format(new Date(value))} WIB` : '—'
}
