import type { Generated } from 'kysely';
import type { NullableTimestamp } from '#platform/db/columns.ts';

/** Table types and vocabularies of meeting papers (migrations/0022_meeting_papers.sql). */

export const paperKinds = ['agenda_paper', 'minutes'] as const;
export type PaperKind = (typeof paperKinds)[number];

export const paperLanguages = ['en', 'cy'] as const;
export type PaperLanguage = (typeof paperLanguages)[number];

export const paperFormats = ['standard', 'large_print', 'easy_read'] as const;
export type PaperFormat = (typeof paperFormats)[number];

/** The only types accepted, decided from the bytes. */
export const paperMediaTypes = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
} as const;
export type PaperMediaType = (typeof paperMediaTypes)[keyof typeof paperMediaTypes];

export interface MeetingPapersTable {
  id: Generated<string>;
  meeting_id: string;
  kind: PaperKind;
  title_en: string;
  title_cy: string;
  language: PaperLanguage;
  format: Generated<PaperFormat>;
  summary_en: string | null;
  summary_cy: string | null;
  file_name: string;
  media_type: PaperMediaType;
  size_bytes: number;
  sha256: string;
  uploaded_by: string | null;
  uploaded_at: Generated<Date>;
  published_at: NullableTimestamp;
}

export interface MeetingPaperFilesTable {
  paper_id: string;
  content: Buffer;
}

export interface MeetingPapersTables {
  meeting_papers: MeetingPapersTable;
  meeting_paper_files: MeetingPaperFilesTable;
}

declare module '#platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DB extends MeetingPapersTables {}
}
