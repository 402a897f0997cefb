import { demoOrganisations } from '#platform/seed/demo.ts';
import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { DemoContext } from '#platform/modules/contract.ts';
import { demoPersonId } from '#features/register';
import { stableUuid } from '#platform/seed/ids.ts';

/**
 * Demo interview and tender panels (issue 4 item 6) in the fictional Cwm Ffug region:
 *  - Aberffug Drug and Alcohol Service's closed recruitment panel for peer recovery workers:
 *    two trained service-user members scored three candidates on three questions; their score
 *    counted for 40%; closing it recorded their involvement (rung 5, decision sharing);
 *  - the Area Planning Board's open tender evaluation panel for a community recovery service:
 *    three members (one without panel training, so the warning shows), one score sheet entered.
 * Seeded after the register. Ids are stable, dates relative to today.
 */
type Trx = Kysely<DB>;

/** What the seed uses of the demo context: the demo organisations and staff. */
type DemoPanelsContext = Pick<DemoContext, 'organisation' | 'accountId'>;

const DAY = 86_400_000;
const panelId = (key: string) => stableUuid(`cyd-demo-panel:${key}`);
const questionId = (key: string) => stableUuid(`cyd-demo-panel-question:${key}`);
const candidateId = (key: string) => stableUuid(`cyd-demo-panel-candidate:${key}`);

/** Panels at demo organisations go before the organisations (the rest cascades). */
export async function resetDemoPanels(trx: Trx, demoRoot: string) {
  await trx
    .deleteFrom('panels')
    .where('organisation_id', 'in', demoOrganisations(trx, demoRoot))
    .execute();
}

interface DemoPanel {
  key: string;
  at: string;
  kind: 'interview' | 'tender';
  titleEn: string;
  titleCy: string;
  daysAgo: number;
  hours: number;
  scale: [number, number];
  userWeight: number;
  questions: [string, string, number][];
  candidates: [string, number | null][];
  members: string[];
  /** member → candidate index → a score per question */
  scores: Record<string, number[][]>;
  closed: boolean;
  /** The demo opportunity (demo-involvement.ts) people were recruited through, if seeded. */
  opportunity?: string;
}

const panels: DemoPanel[] = [
  {
    key: 'peer-workers',
    at: 'aberffugDas',
    kind: 'interview',
    titleEn: 'Peer recovery worker interviews',
    titleCy: 'Cyfweliadau gweithwyr adfer cymheiriaid',
    daysAgo: 40,
    hours: 4,
    scale: [0, 5],
    userWeight: 40,
    questions: [
      [
        'How would you make someone feel welcome on their first visit?',
        'Sut fyddech chi’n gwneud i rywun deimlo’n groesawgar ar eu hymweliad cyntaf?',
        2,
      ],
      [
        'Tell us about a time you supported someone through a setback.',
        'Soniwch am adeg pan wnaethoch chi gefnogi rhywun drwy anhawster.',
        1,
      ],
      [
        'How would you involve people who use the service in your work?',
        'Sut fyddech chi’n cynnwys pobl sy’n defnyddio’r gwasanaeth yn eich gwaith?',
        1,
      ],
    ],
    candidates: [
      ['Candidate A', 72],
      ['Candidate B', 81],
      ['Candidate C', 55],
    ],
    members: ['rhiannon', 'amira'],
    scores: {
      rhiannon: [
        [5, 4, 5],
        [3, 4, 3],
        [2, 3, 2],
      ],
      amira: [
        [4, 4, 5],
        [4, 3, 3],
        [3, 2, 2],
      ],
    },
    closed: true,
  },
  {
    key: 'recovery-tender',
    at: 'region',
    kind: 'tender',
    titleEn: 'Community recovery service tender 2027',
    titleCy: 'Tendr gwasanaeth adfer cymunedol 2027',
    daysAgo: -10,
    hours: 6,
    scale: [0, 10],
    userWeight: 30,
    questions: [
      [
        'How will people who use the service shape it?',
        'Sut bydd pobl sy’n defnyddio’r gwasanaeth yn ei lunio?',
        3,
      ],
      [
        'How easy will the service be to reach, in Welsh and in English?',
        'Pa mor hawdd fydd cyrraedd y gwasanaeth, yn Gymraeg ac yn Saesneg?',
        2,
      ],
    ],
    candidates: [
      ['Bid 1', null],
      ['Bid 2', null],
    ],
    members: ['rhiannon', 'dai', 'megan'],
    scores: {
      rhiannon: [
        [8, 7],
        [6, 9],
      ],
    },
    closed: false,
    opportunity: 'tenderPanel',
  },
];

export async function seedDemoPanels(trx: Trx, context: DemoPanelsContext) {
  const lead = context.accountId('involvement-lead@demo.example') ?? null;
  for (const p of panels) {
    const id = panelId(p.key);
    const organisationId = context.organisation(p.at).id;
    const heldOn = new Date(Date.now() - p.daysAgo * DAY).toISOString().slice(0, 10);
    const opportunity = p.opportunity
      ? await trx
          .selectFrom('opportunities')
          .select('id')
          .where('id', '=', stableUuid(`cyd-demo-opportunity:${p.opportunity}`))
          .executeTakeFirst()
      : undefined;
    await trx
      .insertInto('panels')
      .values({
        id,
        organisation_id: organisationId,
        kind: p.kind,
        title_en: p.titleEn,
        title_cy: p.titleCy,
        opportunity_id: opportunity?.id ?? null,
        held_on: heldOn,
        hours: p.hours,
        scale_min: p.scale[0],
        scale_max: p.scale[1],
        user_weight: p.userWeight,
        status: p.closed ? 'closed' : 'open',
        closed_at: p.closed ? new Date(Date.now() - (p.daysAgo - 1) * DAY) : null,
        closed_by: p.closed ? lead : null,
        created_by: lead,
      })
      .execute();
    await trx
      .insertInto('panel_questions')
      .values(
        p.questions.map(([en, cy, weight], i) => ({
          id: questionId(`${p.key}:${i}`),
          panel_id: id,
          position: i + 1,
          text_en: en,
          text_cy: cy,
          weight,
        })),
      )
      .execute();
    await trx
      .insertInto('panel_candidates')
      .values(
        p.candidates.map(([label, staffScore], i) => ({
          id: candidateId(`${p.key}:${i}`),
          panel_id: id,
          position: i + 1,
          label,
          staff_score: staffScore,
        })),
      )
      .execute();
    for (const member of p.members) {
      const personId = demoPersonId(member);
      const sheet = p.scores[member];
      let recordId: string | null = null;
      if (p.closed && sheet) {
        const record = await trx
          .insertInto('involvement_records')
          .values({
            organisation_id: organisationId,
            person_id: personId,
            took_part_on: heldOn,
            hours: p.hours,
            rung: 5,
            level: p.kind === 'tender' ? 'strategic' : 'service',
            method: p.kind === 'tender' ? 'tender_panel' : 'interview_panel',
            role: 'panel_member',
            recorded_by: lead,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        recordId = record.id;
      }
      await trx
        .insertInto('panel_members')
        .values({
          panel_id: id,
          person_id: personId,
          added_by: lead,
          involvement_record_id: recordId,
        })
        .execute();
      if (sheet)
        await trx
          .insertInto('panel_scores')
          .values(
            sheet.flatMap((row, c) =>
              row.map((score, q) => ({
                panel_id: id,
                person_id: personId,
                candidate_id: candidateId(`${p.key}:${c}`),
                question_id: questionId(`${p.key}:${q}`),
                score,
                recorded_by: lead,
              })),
            ),
          )
          .execute();
    }
  }
}
