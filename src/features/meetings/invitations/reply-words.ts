import type { Reply } from '../tables.ts';

/**
 * The words a person may text back to reply to an invitation, in English and Welsh.
 * Case, spaces and punctuation are ignored ("Yes!", " ie. " both count); anything else is
 * not a reply, so the caller stores nothing and sends a helpful text back.
 */
const words: Record<string, Reply> = {
  yes: 'yes',
  no: 'no',
  maybe: 'maybe',
  sorry: 'apologies',
  ie: 'yes',
  // the Welsh answers to "Allwch chi ddod?" ("Can you come?"): "Ydw", "Gallaf", "Nac ydw", "Na allaf"
  ydw: 'yes',
  gallaf: 'yes',
  na: 'no',
  nacydw: 'no',
  naallaf: 'no',
  efallai: 'maybe',
  sori: 'apologies',
};

/** The reply a text message means, or null when it is not one of the known words. */
export function replyFromText(message: string): Reply | null {
  const word = message
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}]/gu, '');
  return Object.hasOwn(words, word) ? (words[word] ?? null) : null;
}
