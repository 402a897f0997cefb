/**
 * Money is kept in whole pence (integers) everywhere; people type and read pounds. One way to
 * turn one into the other for every money page.
 */

/** Pounds as typed ("12", "12.5", "£12.50", "1,200") in pence, or null when it is not an amount. */
export function parsePounds(text: string, max = 1_000_000_00): number | null {
  const cleaned = text
    .trim()
    .replace(/^£\s*/, '')
    .replace(/,(?=\d{3}(\D|$))/g, '');
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const pence = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return pence <= max ? pence : null;
}

const formats = new Map<string, Intl.NumberFormat>();

/** Pence as pounds in the reader's language: "£12.50" (the same figures in Welsh). */
export function formatPence(pence: number, lang: string) {
  const locale = lang === 'cy' ? 'cy-GB' : 'en-GB';
  let format = formats.get(locale);
  if (!format)
    formats.set(
      locale,
      (format = new Intl.NumberFormat(locale, { style: 'currency', currency: 'GBP' })),
    );
  return format.format(pence / 100);
}

/** Pence as the pounds a form field shows ("12.50"; "" for null). */
export const poundsField = (pence: number | null | undefined) =>
  pence === null || pence === undefined ? '' : (pence / 100).toFixed(2);
