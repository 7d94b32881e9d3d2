const formats = new Map<string, Intl.NumberFormat>();

/** 12.5, 'EUR' → "€12.50". An unknown code falls back to "12.50 XYZ". */
export function formatMoney(amount: number, currency: string): string {
  let format = formats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    } catch {
      return `${amount.toFixed(2)} ${currency}`;
    }
    formats.set(currency, format);
  }
  return format.format(amount);
}

export const formatPercent = (share: number): string => `${Math.round(share * 100)}%`;
