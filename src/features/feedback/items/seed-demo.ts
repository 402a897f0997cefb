import type { Kysely } from 'kysely';
import { demoPersonId } from '#features/register';
import type { DB } from '#platform/db/schema.ts';
import type { DemoContext, DemoSeed } from '#platform/modules/contract.ts';
import { demoOrganisations } from '#platform/seed/demo.ts';
import { complaintDeadlines } from '../deadlines/deadlines.ts';
import { receiptCode } from './receive.ts';
import type { Channel, FeedbackKind, FeedbackStatus, Outcome } from './tables.ts';

type Trx = Kysely<DB>;
const DAY = 86_400_000;

const themes = [
  ['opening', 'Opening times', 'Amseroedd agor'],
  ['staff', 'How staff treat people', 'Sut mae staff yn trin pobl'],
  ['groups', 'Groups and activities', 'Grwpiau a gweithgareddau'],
  ['information', 'Information and leaflets', 'Gwybodaeth a thaflenni'],
  ['building', 'The building', 'Yr adeilad'],
  ['waiting', 'Waiting times', 'Amseroedd aros'],
] as const;
type Theme = (typeof themes)[number][0];

interface DemoItem {
  daysAgo: number;
  channel: Channel;
  kind: FeedbackKind;
  body: string;
  language?: 'en' | 'cy';
  status: FeedbackStatus;
  themes: Theme[];
  outcome?: [Outcome, string, string];
  quote?: [string, string];
  person?: string;
  safeguarding?: boolean;
  urgent?: boolean;
}

/** Feedback at the town centre hub from every channel, at every step of the loop. */
const items: DemoItem[] = [
  {
    daysAgo: 80,
    channel: 'web',
    kind: 'suggestion',
    body: 'Could the drop-in open later on Thursdays? I work until five.',
    status: 'published',
    themes: ['opening'],
    outcome: [
      'done',
      'The Thursday drop-in now stays open until 7pm.',
      'Mae’r sesiwn galw heibio ar ddydd Iau bellach ar agor tan 7pm.',
    ],
  },
  {
    daysAgo: 75,
    channel: 'card',
    kind: 'suggestion',
    body: 'Open on a Saturday morning please',
    status: 'published',
    themes: ['opening'],
    outcome: [
      'cant_do',
      'We cannot open on Saturdays yet: we do not have the staff. We have asked the commissioner for funding and will tell you the answer.',
      'Ni allwn agor ar ddydd Sadwrn eto: does dim digon o staff gennym. Rydym wedi gofyn i’r comisiynydd am arian a byddwn yn dweud yr ateb wrthych.',
    ],
  },
  {
    daysAgo: 70,
    channel: 'sms',
    kind: 'concern',
    body: 'The waiting room is always full and you wait ages to be seen',
    status: 'published',
    themes: ['waiting', 'building'],
    outcome: [
      'will_do',
      'We are adding a second key worker on Monday and Friday mornings, the busiest times.',
      'Rydym yn ychwanegu ail weithiwr allweddol ar fore Llun a bore Gwener, yr amseroedd prysuraf.',
    ],
  },
  {
    daysAgo: 64,
    channel: 'experience_log',
    kind: 'compliment',
    body: 'This month my worker helped me sort my benefits out. I felt listened to.',
    status: 'published',
    themes: ['staff'],
    outcome: [
      'done',
      'Thank you. We shared this with the team.',
      'Diolch. Rydym wedi rhannu hyn gyda’r tîm.',
    ],
    quote: [
      'My worker helped me sort my benefits out. I felt listened to.',
      'Helpodd fy ngweithiwr i fi ddatrys fy mudd-daliadau. Roeddwn i’n teimlo bod rhywun yn gwrando.',
    ],
  },
  {
    daysAgo: 58,
    channel: 'story',
    kind: 'suggestion',
    body: 'When I first came I did not know what anything meant. Words like "assessment" and "care plan" were scary. A leaflet in plain words would have helped me.',
    status: 'published',
    themes: ['information'],
    outcome: [
      'done',
      'Service users rewrote our welcome leaflet in plain words, in Welsh and English.',
      'Ailysgrifennodd defnyddwyr gwasanaeth ein taflen groeso mewn geiriau plaen, yn Gymraeg ac yn Saesneg.',
    ],
  },
  {
    daysAgo: 50,
    channel: 'portal',
    kind: 'suggestion',
    body: 'Hoffwn i gael grŵp cerdded yn Gymraeg.',
    language: 'cy',
    status: 'published',
    themes: ['groups'],
    outcome: [
      'done',
      'A Welsh-language walking group now meets every Wednesday.',
      'Mae grŵp cerdded Cymraeg bellach yn cwrdd bob dydd Mercher.',
    ],
  },
  {
    daysAgo: 40,
    channel: 'staff',
    kind: 'complaint',
    body: 'A person said reception staff spoke to them rudely in front of others.',
    status: 'published',
    themes: ['staff'],
    outcome: [
      'done',
      'We apologised. Reception staff have had training on talking to people privately.',
      'Rydym wedi ymddiheuro. Mae staff y dderbynfa wedi cael hyfforddiant ar siarad â phobl yn breifat.',
    ],
  },
  {
    daysAgo: 12,
    channel: 'web',
    kind: 'question',
    body: 'Do you do needle exchange at the hub?',
    status: 'looking',
    themes: ['information'],
  },
  {
    daysAgo: 8,
    channel: 'card',
    kind: 'suggestion',
    body: 'More comfy chairs',
    status: 'decided',
    themes: ['building'],
    outcome: [
      'will_do',
      'We will buy new chairs for the waiting room.',
      'Byddwn yn prynu cadeiriau newydd i’r ystafell aros.',
    ],
  },
  {
    daysAgo: 5,
    channel: 'sms',
    kind: 'compliment',
    body: 'Thanks to everyone at the cafe group, it keeps me going',
    status: 'acknowledged',
    themes: ['groups'],
  },
  {
    daysAgo: 3,
    channel: 'portal',
    kind: 'concern',
    body: 'The group I go to keeps being cancelled at short notice.',
    status: 'received',
    themes: [],
    person: 'person-1',
  },
  {
    daysAgo: 1,
    channel: 'web',
    kind: 'complaint',
    body: 'I was told someone would ring me back about my script and nobody did, twice.',
    status: 'received',
    themes: [],
    urgent: true,
  },
  {
    daysAgo: 2,
    channel: 'story',
    kind: 'concern',
    body: 'A person told their worker about something at home that worries them.',
    status: 'received',
    themes: [],
    safeguarding: true,
  },
];

async function reset(trx: Trx, demoRoot: string) {
  const orgs = demoOrganisations(trx, demoRoot);
  await trx.deleteFrom('feedback_items').where('organisation_id', 'in', orgs).execute();
  await trx.deleteFrom('feedback_themes').where('organisation_id', 'in', orgs).execute();
  await trx.deleteFrom('feedback_settings').where('organisation_id', 'in', orgs).execute();
  await trx.deleteFrom('feedback_inboxes').where('organisation_id', 'in', orgs).execute();
}

async function seed(trx: Trx, context: DemoContext) {
  const region = context.organisation('region').id;
  const hub = context.organisation('aberffugHub').id;
  const lead = context.accountId('involvement-lead@demo.example') ?? null;
  const staff = context.accountId('staff@demo.example') ?? null;
  await trx
    .insertInto('feedback_inboxes')
    .values([
      { organisation_id: hub, code: 'hwb42', keyword: 'HWB' },
      { organisation_id: context.organisation('recoveryCafe').id, code: 'cafe7', keyword: 'CAFE' },
    ])
    .execute();
  await trx
    .insertInto('feedback_settings')
    .values({
      organisation_id: region,
      commissioner_organisation_id: region,
      safeguarding_lead_id: lead,
    })
    .execute();
  const themeIds = new Map<Theme, string>();
  for (const [key, en, cy] of themes) {
    const row = await trx
      .insertInto('feedback_themes')
      .values({ organisation_id: region, name_en: en, name_cy: cy })
      .returning('id')
      .executeTakeFirstOrThrow();
    themeIds.set(key, row.id);
  }
  const now = Date.now();
  for (const item of items) {
    const receivedAt = new Date(now - item.daysAgo * DAY);
    const at = (days: number) => new Date(receivedAt.getTime() + days * DAY);
    const reached = (step: FeedbackStatus) =>
      ['acknowledged', 'looking', 'decided', 'published'].indexOf(item.status) >=
      ['acknowledged', 'looking', 'decided', 'published'].indexOf(step);
    const row = await trx
      .insertInto('feedback_items')
      .values({
        organisation_id: hub,
        channel: item.channel,
        kind: item.kind,
        body: item.body,
        language: item.language ?? 'en',
        receipt_code: receiptCode(),
        person_id: item.person ? demoPersonId(item.person) : null,
        urgency: item.urgent ? 'urgent' : 'normal',
        safeguarding: item.safeguarding ?? false,
        safeguarding_lead_id: item.safeguarding ? lead : null,
        owner_account_id: item.status === 'received' ? null : staff,
        status: item.status,
        received_at: receivedAt,
        acknowledged_at: item.status !== 'received' ? at(1) : null,
        decided_at: reached('decided') && item.outcome ? at(9) : null,
        published_at: item.status === 'published' ? at(10) : null,
        told_at: item.status === 'published' && item.person ? at(10) : null,
        outcome: item.outcome?.[0] ?? null,
        outcome_due_on: item.outcome?.[0] === 'will_do' ? at(40).toISOString().slice(0, 10) : null,
        outcome_en: item.outcome?.[1] ?? null,
        outcome_cy: item.outcome?.[2] ?? null,
        quote_consent: Boolean(item.quote),
        quote_en: item.quote?.[0] ?? null,
        quote_cy: item.quote?.[1] ?? null,
        recorded_by: ['card', 'story', 'staff', 'experience_log'].includes(item.channel)
          ? staff
          : null,
        ...(item.kind === 'complaint' ? await complaintDeadlines(trx, hub, receivedAt) : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (item.themes.length)
      await trx
        .insertInto('feedback_item_themes')
        .values(item.themes.map((t) => ({ item_id: row.id, theme_id: themeIds.get(t)! })))
        .execute();
  }
}

/** The demo's feedback: two inboxes, themes, settings, and items at every step. */
export const feedbackDemo: DemoSeed = { reset, seed };
