/**
 * Credits are kept in hundredths (integers), like pence; people type and read whole or half
 * credits ("3", "1.5", "2½"). No floating-point arithmetic on amounts.
 */

/** A number of credits as typed, in hundredths, or null when it is not a whole or half credit. */
export function parseCredits(text: string, max = 1000_00): number | null {
  const cleaned = text.trim().replace(/\s*½$/, '.5').replace(/^\./, '0.');
  const match = /^(\d{1,4})(?:\.(5|50|0|00))?$/.exec(cleaned);
  if (!match) return null;
  const hundredths = Number(match[1]) * 100 + (match[2]?.startsWith('5') ? 50 : 0);
  return hundredths <= max ? hundredths : null;
}

/** Hundredths of a credit as people read them: "3", "1.5", "-0.5" (two places if ever needed). */
export function formatCredits(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  const whole = Math.floor(abs / 100);
  const rest = abs % 100;
  if (rest === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${rest % 10 === 0 ? String(rest / 10) : String(rest).padStart(2, '0')}`;
}

/** Hundredths as a form field shows them ("" for null). */
export const creditsField = (hundredths: number | null | undefined) =>
  hundredths === null || hundredths === undefined ? '' : formatCredits(hundredths);

/**
 * Credits earned for an involvement: hours (in hundredths) times the scheme's credits per hour
 * (in hundredths), rounded to the nearest hundredth of a credit, halves up. Integers only.
 */
export function creditsForHours(hoursHundredths: number, perHourHundredths: number): number {
  const product = hoursHundredths * perHourHundredths; // hundredths × hundredths
  return Math.floor((product + 50) / 100);
}
