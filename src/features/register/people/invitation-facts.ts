import { sql, type Kysely } from 'kysely';
import type { KeyRing } from '#platform/crypto/encryption.ts';
import type { DB } from '#platform/db/schema.ts';
import type { PersonKind, PersonStatus } from '../tables.ts';
import { reveal } from './protected-fields.ts';
import { visibleTo, type Viewer } from './repository.ts';

/**
 * What a meeting's invitee list needs of the people on it, in one query: for people the viewer
 * may see, their name, kind, status and age on the meeting's day (from the date of birth, which
 * is decrypted here and never leaves the register, or the age band when that is all there is), so
 * a closed group (carers, service users, young people) can be checked; for others only their
 * organisation ("a person at …"). Erased people are left out.
 */
export interface InvitationFacts {
  personId: string;
  visible: boolean;
  /** Their organisation on the register (shown instead of the name to viewers who may not see them). */
  organisationNameEn: string;
  organisationNameCy: string;
  /** The rest is null unless `visible`. */
  displayName: string | null;
  kind: PersonKind | null;
  status: PersonStatus | null;
  /** Age in whole years on `on` (date of birth); null when unknown or withheld. */
  age: number | null;
  /** The recorded age band when there is no date of birth ('under_18', '18_24', …). */
  ageBand: string | null;
}

interface Row {
  id: string;
  visible: boolean;
  organisation_name_en: string;
  organisation_name_cy: string;
  display_name: string;
  kind: PersonKind;
  status: PersonStatus;
  date_of_birth: string | null;
  age_band: string | null;
}

/** Whole years from a YYYY-MM-DD birth date to the day `on` (null if it cannot be read). */
export function ageOn(dateOfBirth: string | null, on: string): number | null {
  const birth = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth ?? '');
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(on);
  if (!birth || !day) return null;
  const years = Number(day[1]) - Number(birth[1]);
  const before = `${day[2]}-${day[3]}` < `${birth[2]}-${birth[3]}`;
  return years - (before ? 1 : 0);
}

function dateOfBirthOf(keys: KeyRing, personId: string, value: string | null) {
  try {
    return reveal(keys, 'date_of_birth', personId, value);
  } catch {
    return null; // unreadable (a rotated-out key): treated as unknown
  }
}

export async function invitationFacts(
  db: Kysely<DB>,
  keys: KeyRing,
  viewer: Viewer,
  personIds: readonly string[],
  /** The day ages are worked out on (YYYY-MM-DD). */
  on: string,
): Promise<Map<string, InvitationFacts>> {
  if (!personIds.length) return new Map();
  const result = await sql<Row>`
    select p.id, ${visibleTo(viewer)} as visible, o.name_en as organisation_name_en,
      o.name_cy as organisation_name_cy, p.display_name, p.kind, p.status,
      case when ${visibleTo(viewer)} then p.date_of_birth end as date_of_birth, p.age_band
    from people p join organisations o on o.id = p.organisation_id
    where p.id = any(${sql.val([...personIds])}::uuid[]) and p.erased_at is null`.execute(db);
  return new Map(
    result.rows.map((row) => [
      row.id,
      {
        personId: row.id,
        visible: row.visible,
        organisationNameEn: row.organisation_name_en,
        organisationNameCy: row.organisation_name_cy,
        displayName: row.visible ? row.display_name : null,
        kind: row.visible ? row.kind : null,
        status: row.visible ? row.status : null,
        age: row.visible ? ageOn(dateOfBirthOf(keys, row.id, row.date_of_birth), on) : null,
        ageBand: row.visible ? row.age_band : null,
      },
    ]),
  );
}
