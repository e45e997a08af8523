/**
 * A price as the UI language writes it ("€24.00" in English, "24,00 €" in German): Intl
 * places the currency sign and the separators, never string concatenation.
 */
export function formatPrice(cents: number, currency: string, language: string): string {
  const amount = cents / 100
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency }).format(amount)
  } catch {
    // The contract takes any string as currency; one Intl does not accept (not a three-letter
    // code) still shows the amount, with the code as the service sent it, not a broken screen.
    const number = new Intl.NumberFormat(language, {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).format(amount)
    return `${number} ${currency}`
  }
}
