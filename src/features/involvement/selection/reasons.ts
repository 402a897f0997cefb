type Translate = (key: string, values?: Record<string, unknown>) => string;

/** A decision's reason as stored: one of the listed reasons, and for "another reason" the words. */
export interface StoredReason {
  decision_reason: string | null;
  decision_reason_for_person: string | null;
}

/**
 * The reason as the person reads it (in messages and on the portal), in the language of `t`:
 * a listed reason in words written to them; "another reason" exactly as staff wrote it for them
 * (without a closing full stop, which the sentence around it adds). Never the staff-only note.
 */
export function reasonForPerson(t: Translate, row: StoredReason): string {
  if (!row.decision_reason) return '';
  if (row.decision_reason === 'other')
    return (row.decision_reason_for_person ?? '').trim().replace(/\.+$/, '');
  return t(`involvement:decisionReasonsForPerson.${row.decision_reason}`);
}
