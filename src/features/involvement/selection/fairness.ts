/**
 * The fairness rule of the selection screen (NW barrier: "the same few people are always
 * chosen"). Pure functions: the repository gathers the counts, these decide the flags. The rule is
 * explained in plain words on the selection screen (selection:fairness.*) and in docs/selection.md.
 *
 * Looking back 12 months, not counting the opportunity being decided, a person is flagged when
 *  - "often chosen": they hold at least 3 of the last 10 places filled in the opportunity's
 *    organisation and the organisations below it; or
 *  - "usually chosen": they have been selected at least 3 times, and for more than half of the
 *    opportunities they applied to that have been decided.
 * A flag is a prompt to think again, not a bar: staff can still select the person, with a reason.
 */

export const WINDOW_MONTHS = 12;
/** How many of the most recent places filled are looked at. */
export const RECENT_PLACES = 10;
/** Holding this many of those places raises the "often chosen" flag. */
export const OFTEN_CHOSEN_PLACES = 3;
/** Selections in the window before the "usually chosen" flag can be raised. */
export const USUALLY_CHOSEN_MIN = 3;

export type FairnessFlag = 'often_chosen' | 'usually_chosen';

export interface ApplicantHistory {
  /** Places this person holds among the last RECENT_PLACES filled in the subtree. */
  recentPlaces: number;
  /** Times selected in the window (any organisation). */
  timesSelected: number;
  /** Applications in the window that have a decision (selected, back-up or not selected). */
  timesDecided: number;
}

/** The flags that apply to one applicant, in a fixed order. */
export function fairnessFlags(history: ApplicantHistory): FairnessFlag[] {
  const flags: FairnessFlag[] = [];
  if (history.recentPlaces >= OFTEN_CHOSEN_PLACES) flags.push('often_chosen');
  if (
    history.timesSelected >= USUALLY_CHOSEN_MIN &&
    history.timesDecided > 0 &&
    history.timesSelected * 2 > history.timesDecided
  )
    flags.push('usually_chosen');
  return flags;
}

/**
 * How the recent places were spread: how many places, how many different people held them, and
 * whether they are the full last RECENT_PLACES (otherwise they are every place of the 12 months).
 */
export function spreadOf(recentPersonIds: readonly string[]) {
  return {
    places: recentPersonIds.length,
    people: new Set(recentPersonIds).size,
    full: recentPersonIds.length >= RECENT_PLACES,
  };
}

/** Per person, how many of the recent places they hold. */
export function placesHeld(recentPersonIds: readonly string[]) {
  const held = new Map<string, number>();
  for (const id of recentPersonIds) held.set(id, (held.get(id) ?? 0) + 1);
  return held;
}
