import type { MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, unscoped } from '#platform/permissions/matrix.ts';
import { meetingsPermissions } from '../permissions.ts';

/** meeting.view anywhere: the page checks text, about no organisation. */
const viewers = anywhereAs(...meetingsPermissions['meeting.view']);

export const jargonMatrix: MatrixRow[] = [
  unscoped('GET /jargon-check', viewers),
  unscoped('POST /jargon-check', viewers, { form: { text: 'The APB met.', language: 'en' } }),
  unscoped('POST /jargon-check/upload', viewers, { form: { language: 'en' } }),
];
