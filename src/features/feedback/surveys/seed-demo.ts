import type { Insertable, Kysely } from 'kysely';
import { demoPersonId } from '#features/register';
import type { DB } from '#platform/db/schema.ts';
import type { DemoContext, DemoSeed } from '#platform/modules/contract.ts';
import { demoOrganisations } from '#platform/seed/demo.ts';
import { seededRandom } from '#platform/seed/ids.ts';
import type { SurveyQuestionsTable } from './tables.ts';

type Trx = Kysely<DB>;
type NewQuestion = Omit<Insertable<SurveyQuestionsTable>, 'survey_id' | 'position'>;
const DAY = 86_400_000;

const hubQuestions: NewQuestion[] = [
  {
    kind: 'single',
    text_en: 'How did you first hear about the hub?',
    text_cy: 'Sut glywoch chi am yr hwb gyntaf?',
    required: true,
    options_en: [
      'A friend or family member',
      'My GP',
      'The police or probation',
      'Online',
      'Another way',
    ],
    options_cy: [
      'Ffrind neu aelod o’r teulu',
      'Fy meddyg teulu',
      'Yr heddlu neu’r gwasanaeth prawf',
      'Ar-lein',
      'Ffordd arall',
    ],
  },
  {
    kind: 'scale',
    text_en: 'How welcome did you feel the first time you came in?',
    text_cy: 'Pa mor groesawgar oeddech chi’n teimlo y tro cyntaf i chi ddod i mewn?',
    required: true,
    scale_points: 5,
    low_en: 'Not at all',
    low_cy: 'Ddim o gwbl',
    high_en: 'Very welcome',
    high_cy: 'Croesawgar iawn',
  },
  {
    kind: 'multiple',
    text_en: 'Which of these have you used in the last three months?',
    text_cy: 'Pa rai o’r rhain ydych chi wedi’u defnyddio yn y tri mis diwethaf?',
    hint_en: 'Choose all that apply.',
    hint_cy: 'Dewiswch bob un sy’n berthnasol.',
    options_en: ['Drop-in', 'Key worker sessions', 'Groups', 'Needle exchange', 'Peer mentoring'],
    options_cy: [
      'Galw heibio',
      'Sesiynau gweithiwr allweddol',
      'Grwpiau',
      'Cyfnewid nodwyddau',
      'Mentora gan gymheiriaid',
    ],
  },
  {
    kind: 'text',
    text_en: 'What one thing would make the hub better for you?',
    text_cy: 'Beth yw’r un peth a fyddai’n gwneud yr hwb yn well i chi?',
  },
];

const exitQuestions: NewQuestion[] = [
  {
    kind: 'scale',
    text_en: 'Overall, how much did the service help you?',
    text_cy: 'At ei gilydd, faint wnaeth y gwasanaeth eich helpu chi?',
    required: true,
    scale_points: 5,
    low_en: 'Not at all',
    low_cy: 'Dim o gwbl',
    high_en: 'A great deal',
    high_cy: 'Llawer iawn',
  },
  {
    kind: 'single',
    text_en: 'Were you involved in decisions about your care?',
    text_cy: 'Oeddech chi’n rhan o benderfyniadau am eich gofal?',
    required: true,
    options_en: ['Always', 'Sometimes', 'Never'],
    options_cy: ['Bob amser', 'Weithiau', 'Byth'],
  },
  {
    kind: 'text',
    text_en: 'Is there anything you would like to tell us as you leave?',
    text_cy: 'Oes unrhyw beth yr hoffech ei ddweud wrthym wrth i chi adael?',
  },
];

const draftQuestions: NewQuestion[] = [
  {
    kind: 'single',
    text_en: 'When is the best time for forum meetings?',
    text_cy: 'Pryd yw’r amser gorau ar gyfer cyfarfodydd y fforwm?',
    required: true,
    options_en: ['Weekday mornings', 'Weekday afternoons', 'Evenings', 'Saturdays'],
    options_cy: [
      'Boreau yn ystod yr wythnos',
      'Prynhawniau yn ystod yr wythnos',
      'Gyda’r nos',
      'Dydd Sadwrn',
    ],
  },
  {
    kind: 'text',
    text_en: 'What stops you coming to forum meetings?',
    text_cy: 'Beth sy’n eich rhwystro rhag dod i gyfarfodydd y fforwm?',
  },
];

const ideas = [
  ['Later opening on a Thursday.', 'Agor yn hwyrach ar ddydd Iau.'],
  ['A quiet room to wait in.', 'Ystafell dawel i aros ynddi.'],
  ['More peer mentors who have been through it.', 'Mwy o fentoriaid sydd wedi bod drwyddo.'],
  ['Tea and toast in the mornings.', 'Te a thost yn y bore.'],
  ['Texts to remind me of appointments.', 'Negeseuon testun i’m hatgoffa o apwyntiadau.'],
] as const;

const leaving = [
  [
    'Thank you to my key worker, she never gave up on me.',
    'Diolch i’m gweithiwr allweddol, wnaeth hi byth roi’r gorau i mi.',
  ],
  ['The groups were the best part.', 'Y grwpiau oedd y rhan orau.'],
  [
    'I wish I had been told about the carers’ support sooner.',
    'Hoffwn petawn wedi clywed am y cymorth i ofalwyr yn gynt.',
  ],
] as const;

async function reset(trx: Trx, demoRoot: string) {
  await trx
    .deleteFrom('surveys')
    .where('organisation_id', 'in', demoOrganisations(trx, demoRoot))
    .execute();
}

async function addSurvey(trx: Trx, values: Insertable<DB['surveys']>, questions: NewQuestion[]) {
  const survey = await trx
    .insertInto('surveys')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = await trx
    .insertInto('survey_questions')
    .values(questions.map((q, i) => ({ ...q, survey_id: survey.id, position: i + 1 })))
    .returning(['id', 'kind', 'options_en', 'scale_points'])
    .execute();
  return { id: survey.id, questions: rows };
}

/**
 * Answers to a survey, deterministically: choices and scale points leaning positive, some in
 * Welsh, a free-text answer from about half.
 */
async function answer(
  trx: Trx,
  survey: Awaited<ReturnType<typeof addSurvey>>,
  count: number,
  texts: readonly (readonly [string, string])[],
  seed: number,
) {
  const random = seededRandom(seed);
  for (let i = 0; i < count; i += 1) {
    const language = random.next() < 0.3 ? 'cy' : 'en';
    const response = await trx
      .insertInto('survey_responses')
      .values({
        survey_id: survey.id,
        channel: random.next() < 0.7 ? 'web' : 'portal',
        language,
        answered_at: new Date(Date.now() - random.int(1, 40) * DAY),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const answers = survey.questions.flatMap((q): Insertable<DB['survey_answers']>[] => {
      const base = { response_id: response.id, question_id: q.id };
      if (q.kind === 'single')
        return [{ ...base, choices: [random.int(0, q.options_en.length - 1)] }];
      if (q.kind === 'multiple') {
        const chosen = q.options_en.map((_, o) => o).filter(() => random.next() < 0.4);
        return chosen.length ? [{ ...base, choices: chosen }] : [];
      }
      if (q.kind === 'scale')
        return [
          {
            ...base,
            scale: Math.min(q.scale_points!, random.int(2, q.scale_points!) + random.int(0, 1)),
          },
        ];
      if (random.next() < 0.5) return [];
      const words = random.pick(texts);
      return [{ ...base, text: language === 'cy' ? words[1] : words[0] }];
    });
    if (answers.length) await trx.insertInto('survey_answers').values(answers).execute();
  }
}

/**
 * The hub's live survey with answers, its exit questionnaire (offered when someone leaves), and a
 * draft the region shared with its service user forum, with what the forum said.
 */
async function seed(trx: Trx, context: DemoContext) {
  const hub = context.organisation('aberffugHub').id;
  const region = context.organisation('region').id;
  const lead = context.accountId('involvement-lead@demo.example') ?? null;
  const opened = new Date(Date.now() - 45 * DAY);
  const hubSurvey = await addSurvey(
    trx,
    {
      organisation_id: hub,
      title_en: 'How are we doing?',
      title_cy: 'Sut ydyn ni’n gwneud?',
      intro_en: 'Four short questions about the hub. You do not need to give your name.',
      intro_cy: 'Pedwar cwestiwn byr am yr hwb. Does dim rhaid i chi roi eich enw.',
      status: 'live',
      code: 'hwbarn',
      opened_at: opened,
      created_by: lead,
    },
    hubQuestions,
  );
  await answer(trx, hubSurvey, 32, ideas, 12);
  const exit = await addSurvey(
    trx,
    {
      organisation_id: hub,
      kind: 'exit',
      title_en: 'Before you go',
      title_cy: 'Cyn i chi fynd',
      intro_en: 'You are leaving the hub. Tell us how it went: it helps the next person.',
      intro_cy:
        'Rydych chi’n gadael yr hwb. Dywedwch wrthym sut aeth hi: mae’n helpu’r person nesaf.',
      status: 'live',
      code: 'hwbgad',
      opened_at: opened,
      created_by: lead,
    },
    exitQuestions,
  );
  await answer(trx, exit, 9, leaving, 21);
  const draft = await addSurvey(
    trx,
    {
      organisation_id: region,
      title_en: 'Forum meeting times',
      title_cy: 'Amseroedd cyfarfodydd y fforwm',
      intro_en: 'Help us choose when the forum meets.',
      intro_cy: 'Helpwch ni i ddewis pryd mae’r fforwm yn cwrdd.',
      forum_id: context.organisation('regionForum').id,
      shared_at: new Date(Date.now() - 6 * DAY),
      created_by: lead,
    },
    draftQuestions,
  );
  await trx
    .insertInto('survey_comments')
    .values([
      {
        survey_id: draft.id,
        person_id: demoPersonId('rhiannon'),
        body: 'Can you add “online” as a choice? Not everyone can travel to Aberffug.',
      },
      {
        survey_id: draft.id,
        account_id: lead,
        body: 'At the October forum people asked for the bus times to be on the invitation.',
      },
    ])
    .execute();
}

export const surveysDemo: DemoSeed = { reset, seed };
