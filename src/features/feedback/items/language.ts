/** Words kept in English and Welsh, in the reader's language (the English when there is no Welsh). */
export const local = (lang: string, en: string, cy: string | null) =>
  lang === 'cy' && cy ? cy : en;
