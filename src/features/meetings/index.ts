/**
 * The meetings capability's public API: venues, meetings and events (one-off or in a series),
 * their invitees, replies, attendance and user-proofing. Other capabilities import from
 * `#features/meetings` only.
 */
import type { Module } from '#platform/modules/contract.ts';
import { glossaryModule } from './glossary/module.ts';
import type { GlossaryService } from './glossary/service.ts';
import { jargonModule } from './jargon/module.ts';
import { meetingsModule } from './meetings/module.ts';

// The jargon check: papers' text (PDF, DOCX, ODT) and what the check finds in it.
export { checkText, LONG_SENTENCE_WORDS } from './jargon/check.ts';
export type { CheckResult, GlossaryEntry, Language, Readability } from './jargon/check.ts';
export { ExtractError, extractText, MAX_INFLATED, paperKinds } from './jargon/extract.ts';
export type { ExtractProblem, PaperKind } from './jargon/extract.ts';
export type { GlossaryService } from './glossary/service.ts';

declare module '#platform/modules/contract.ts' {
  interface Services {
    glossary: GlossaryService;
  }
}

// In the order their services are built.
export const meetingsModules: Module[] = [meetingsModule, glossaryModule, jargonModule];
