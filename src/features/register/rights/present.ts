import type { TFunction } from 'i18next';
import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { formatDate, formatDateTime } from '#platform/views/views.ts';
import type { SubjectAccessExport } from './service.ts';

/**
 * The subject access export as the person reads it (issue 13, item 6): every value in words, in
 * their language, with names instead of ids. Internal references (ids of rows, of messages at
 * the provider, of other people) stay in the data file; the printed page leaves them out.
 */

type Row = Record<string, unknown>;

/** An English and a Welsh name for something the export refers to by id. */
interface Named {
  en: string;
  cy: string;
}

/** The names the page shows for ids in the export, looked up in one query per kind. */
export interface SubjectAccessNames {
  organisations: Map<string, Named>;
  opportunities: Map<string, Named>;
  panels: Map<string, Named>;
  questions: Map<string, Named>;
  candidates: Map<string, string>;
  elections: Map<string, Named>;
  meetings: Map<string, Named>;
  surveys: Map<string, Named>;
  /** Staff the person is told the name of: their named worker. */
  namedWorkers: Map<string, string>;
}

/** Internal references: the data file keeps them, the page does not. */
const HIDDEN = new Set([
  'id',
  'person_id',
  'related_person_id',
  'message_id',
  'involvement_record_id',
  'provider_id',
  'venue_id',
  'series_id',
  'backup_for',
  'chair_person_id',
  'chair_account_id',
  'account_id',
  'online_details',
  'nominated_by_person_id',
  'suggested_by',
  'sensitive',
  'details',
  // money: rates, floats, batches and the payments a row points at are internal references
  'rate_version_id',
  'meeting_invitee_id',
  'claim_id',
  'float_id',
  'batch_id',
  'reverses_payment_id',
  'offer_id',
  // feedback: the item it was merged into, and contact details (encrypted; theirs only when
  // they left them anonymously, so never on a named item's row)
  'merged_into_id',
  'contact_encrypted',
  'counterpart_entry_id',
  'reverses_entry_id',
  'version',
  // the totals and limits the benefit check showed at approval: in the data file
  'benefit_warning',
]);

/** Organisation ids, one or many. */
const ORGANISATION_FIELDS = new Set(['organisation_id', 'scope_ids', 'identified_scope_ids']);

/**
 * Staff who did something to the record. The person is told it was a member of staff (and of
 * which organisation, when the entry says): staff names are other people's personal data, and
 * a person in treatment may be told the role without the name.
 */
const STAFF_FIELDS = new Set([
  'changed_by',
  'recorded_by',
  'withdrawn_by',
  'decided_by',
  'created_by',
  'added_by',
  'handled_by',
  'resolved_by',
  'attendance_recorded_by',
  'actor',
  'updated_by',
  'consent_recorded_by',
  'advance_reconciled_by',
  'returned_by',
  'approved_by',
  'paid_by',
  'owner_account_id',
  'safeguarding_lead_id',
  'recorded_by',
]);

/**
 * Where a field's codes are put into words: a locale key prefix, by section when it differs
 * (`*`: every other section).
 */
const CODES: Record<string, string | Record<string, string>> = {
  kind: {
    person: 'people:kinds',
    requests: 'contact:tasks.kinds',
    meetingsChaired: 'meetings:kinds',
    creditEntries: 'credits:kinds',
    payments: 'payments:kinds',
    feedback: 'feedback:kinds',
  },
  status: {
    person: 'people:statuses',
    statusHistory: 'people:statuses',
    opportunityInterests: 'involvement:interestStatuses',
    electionNominations: 'elections:nominationStatuses',
    electionNominationsMade: 'elections:nominationStatuses',
    meetingsChaired: 'meetings:statuses',
    messages: 'rights:values.messageStatuses',
    opportunityInvitations: 'rights:values.messageStatuses',
    moneyClaims: 'claims:statuses',
    feedback: 'feedback:statuses',
  },
  age_band: 'people:ageBands',
  preferred_language: 'people:languages',
  formats: 'people:formats',
  channels: 'people:channels',
  channel: {
    feedback: 'feedback:channels',
    surveyResponses: 'surveys:channels',
    '*': 'people:channels',
  },
  purpose: 'people:purposes',
  method: {
    paymentChoices: 'choices:methods',
    consents: 'people:methods',
    opportunityInterests: 'involvement:interestMethods',
    electionNominations: 'elections:nominationMethods',
    electionNominationsMade: 'elections:nominationMethods',
    involvement: 'involvement:methods',
    payments: 'payments:methods',
  },
  withdrawal_method: 'people:methods',
  willing_activities: 'people:activities',
  skills: 'people:skills',
  training_completed: 'people:trainings',
  orientation: 'people:orientations',
  commitment_group: 'people:commitmentGroups',
  relationship: 'people:relationships',
  may_share: 'people:sharing',
  weekday: 'people:weekdays',
  decision_reason: 'involvement:decisionReasons',
  role: { involvement: 'involvement:roles', meetingInvitations: 'meetings:inviteeRoles' },
  attendance_mode: 'meetings:attendanceModes',
  languages: 'meetings:languages',
  closed_to: 'meetings:closedGroups',
  reply: 'meetings:replies',
  reply_channel: 'meetings:replyChannels',
  attendance: 'meetings:attendances',
  venue_needs: 'people:venueNeeds',
  voted_via: 'elections:paper.votedVia',
  template: 'rights:values.templates',
  recorded_via: 'credits:via',
  reason: { messages: 'opportunities:show.reasons' },
  benefits: 'thresholds:benefits',
  consent_how: 'choices:consentWays',
  limit_period: 'choices:periods',
  made_via: 'claims:madeVia',
  payment_outcome: 'approval:outcomes',
  urgency: 'feedback:urgencies',
  outcome: 'feedback:outcomeNames',
  escalated_reason: 'feedback:escalations',
  language: 'feedback:languages',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+$|^[a-z]+$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^(\d{2}:\d{2})(?::\d{2})?$/;

const idsIn = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter(
    (id): id is string => typeof id === 'string' && UUID.test(id),
  );

const rowsOf = (content: SubjectAccessExport['sections'][string]): Row[] =>
  typeof content === 'number' ? [] : Array.isArray(content) ? content : [content];

/** Looks up the names of everything the export refers to by id (a handful of queries). */
export async function namesForExport(
  db: Kysely<DB>,
  data: SubjectAccessExport,
): Promise<SubjectAccessNames> {
  const wanted = {
    organisations: new Set<string>(),
    opportunities: new Set<string>(),
    panels: new Set<string>(),
    questions: new Set<string>(),
    candidates: new Set<string>(),
    elections: new Set<string>(),
    meetings: new Set<string>(),
    surveys: new Set<string>(),
    accounts: new Set<string>(),
  };
  const into: Record<string, Set<string>> = {
    organisation_id: wanted.organisations,
    scope_ids: wanted.organisations,
    identified_scope_ids: wanted.organisations,
    opportunity_id: wanted.opportunities,
    panel_id: wanted.panels,
    question_id: wanted.questions,
    candidate_id: wanted.candidates,
    election_id: wanted.elections,
    meeting_id: wanted.meetings,
    survey_id: wanted.surveys,
    named_worker_account_id: wanted.accounts,
  };
  for (const content of Object.values(data.sections))
    for (const row of rowsOf(content))
      for (const [key, value] of Object.entries(row))
        if (into[key]) for (const id of idsIn(value)) into[key].add(id);

  const pairs = async (table: string, en: string, cy: string, ids: Set<string>) => {
    const map = new Map<string, Named>();
    if (!ids.size) return map;
    const result = await sql<{ id: string; en: string; cy: string }>`
      select id, ${sql.ref(en)} as en, ${sql.ref(cy)} as cy from ${sql.table(table)}
      where id = any(${[...ids]}::uuid[])`.execute(db);
    for (const row of result.rows) map.set(row.id, { en: row.en, cy: row.cy });
    return map;
  };
  const singles = async (table: string, column: string, ids: Set<string>) => {
    const map = new Map<string, string>();
    for (const [id, named] of await pairs(table, column, column, ids)) map.set(id, named.en);
    return map;
  };
  return {
    organisations: await pairs('organisations', 'name_en', 'name_cy', wanted.organisations),
    opportunities: await pairs('opportunities', 'title_en', 'title_cy', wanted.opportunities),
    panels: await pairs('panels', 'title_en', 'title_cy', wanted.panels),
    questions: await pairs('panel_questions', 'text_en', 'text_cy', wanted.questions),
    candidates: await singles('panel_candidates', 'label', wanted.candidates),
    elections: await pairs('elections', 'role_en', 'role_cy', wanted.elections),
    meetings: await pairs('meetings', 'title_en', 'title_cy', wanted.meetings),
    surveys: await pairs('surveys', 'title_en', 'title_cy', wanted.surveys),
    namedWorkers: await singles('accounts', 'name', wanted.accounts),
  };
}

/**
 * The export as sections of summary lists for the print-friendly page
 * `register/rights/views/subject-access.njk`.
 */
export function subjectAccessView(
  t: TFunction,
  lang: string,
  data: SubjectAccessExport,
  names: SubjectAccessNames,
) {
  const inLanguage = (named: Named | undefined) =>
    named ? (lang === 'cy' ? named.cy : named.en) : t('rights:values.notFound');
  /** A code in words: its label where the field says where, else the code made readable. */
  const word = (prefix: string | undefined, code: string) => {
    // a ladder rung or level has a name and an explanation; other codes are a single label
    for (const key of prefix ? [`${prefix}.${code}.name`, `${prefix}.${code}`] : []) {
      const label: unknown = t(key, { defaultValue: '', returnObjects: true });
      if (label && typeof label === 'string') return label;
    }
    return code.replace(/[_.]/g, ' ');
  };

  const rungs: unknown = t('involvement:rungs', { returnObjects: true });
  const rungKeys = rungs && typeof rungs === 'object' ? Object.keys(rungs) : [];

  function valueOf(section: string, key: string, value: unknown, row: Row): string {
    if (key === 'actor' && !value) return t('rights:values.system');
    if (value === null || value === undefined || value === '') return '';
    if (Array.isArray(value) && value.length === 0) return '';
    if (ORGANISATION_FIELDS.has(key))
      return idsIn(value)
        .map((id) => inLanguage(names.organisations.get(id)))
        .join(', ');
    if (STAFF_FIELDS.has(key)) {
      const organisation =
        typeof row.organisation_id === 'string'
          ? names.organisations.get(row.organisation_id)
          : undefined;
      return organisation
        ? t('rights:values.staffAt', { organisation: inLanguage(organisation) })
        : t('rights:values.staff');
    }
    if (key === 'rung' && typeof value === 'number')
      return word('involvement:rungs', rungKeys[value - 1] ?? String(value));
    if (key === 'address' && value && typeof value === 'object' && !Array.isArray(value)) {
      const address = value as { lines?: unknown; postcode?: unknown };
      return [address.lines, address.postcode]
        .filter((part) => typeof part === 'string' && part)
        .join(', ');
    }
    if (Array.isArray(value))
      return value.map((item) => valueOf(section, key, item, row)).join(', ');
    if (typeof value === 'boolean') return t(value ? 'rights:values.yes' : 'rights:values.no');
    if (typeof value === 'object')
      return Object.values(value as Row)
        .map((item) => valueOf(section, '', item, row))
        .filter(Boolean)
        .join(', ');
    if (typeof value === 'number' && key.endsWith('_pence'))
      return new Intl.NumberFormat(lang === 'cy' ? 'cy-GB' : 'en-GB', {
        style: 'currency',
        currency: 'GBP',
      }).format(value / 100);
    if (key === 'number' && section === 'moneyClaims' && typeof value === 'number')
      return `C-${String(value).padStart(6, '0')}`;
    if (typeof value === 'number')
      return key in CODES ? valueOf(section, key, String(value), row) : String(value);
    if (typeof value !== 'string') return '';
    const text = value;
    if (key === 'named_worker_account_id')
      return names.namedWorkers.get(text) ?? t('rights:values.staff');
    if (key === 'opportunity_id') return inLanguage(names.opportunities.get(text));
    if (key === 'panel_id') return inLanguage(names.panels.get(text));
    if (key === 'question_id') return inLanguage(names.questions.get(text));
    if (key === 'election_id') return inLanguage(names.elections.get(text));
    if (key === 'meeting_id') return inLanguage(names.meetings.get(text));
    if (key === 'survey_id') return inLanguage(names.surveys.get(text));
    if (key === 'candidate_id') return names.candidates.get(text) ?? t('rights:values.notFound');
    if (key === 'action') return word('audit:actions', text);
    if (key === 'level') return word('involvement:levels', text);
    const codes = CODES[key];
    const prefix = typeof codes === 'string' ? codes : (codes?.[section] ?? codes?.['*']);
    if (prefix || (key in CODES && CODE.test(text))) return word(prefix, text);
    if (section === 'equality' && CODE.test(text))
      return word(`equality:questions.${key}.options`, text);
    if (TIMESTAMP.test(text)) return formatDateTime(text, lang);
    if (DATE.test(text)) return formatDate(text, lang);
    const time = TIME.exec(text);
    if (time) return time[1]!;
    return text;
  }

  const label = (section: string, key: string) => {
    if (section === 'equality') {
      const legend = t(`equality:questions.${key}.legend`, { defaultValue: '' });
      if (legend) return legend;
    }
    return t(`rights:fields.${key}`, { defaultValue: key.replace(/_/g, ' ') });
  };

  const present = (section: string, row: Row) =>
    Object.entries(row)
      .filter(([key, value]) => value !== undefined && !HIDDEN.has(key))
      .map(([key, value]) => ({
        key: { text: label(section, key) },
        value: { text: valueOf(section, key, value, row) || t('rights:export.empty') },
      }));

  return Object.entries(data.sections).map(([section, content]) => ({
    id: section,
    heading: t(`rights:sections.${section}`),
    count: typeof content === 'number' ? content : null,
    records: rowsOf(content).map((row) => present(section, row)),
  }));
}
