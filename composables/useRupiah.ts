const rupiah = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 })

export function useRupiah() {
  return (amount: number) => rupiah.format(amount)
}
