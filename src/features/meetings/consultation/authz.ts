import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { attendanceTakers, matrixMeeting, meetingManagers, meetingViewers } from '../authz.ts';

const viewing = meetingViewers;
const managing = meetingManagers;
const noting = attendanceTakers;

/** A consultation event at the target, held today, with a question and a group's note. */
async function eventToday(fixture: MatrixFixture, target: string) {
  const { db } = fixture.services as Services;
  const meeting = {
    id: await matrixMeeting(fixture, target, {
      kind: 'consultation_event',
      title_en: 'Matrix consultation',
      title_cy: 'Ymgynghoriad matrics',
    }),
  };
  const question = await db
    .insertInto('consultation_questions')
    .values({
      meeting_id: meeting.id,
      position: 1,
      text_en: 'What works?',
      text_cy: 'Beth sy’n gweithio?',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('consultation_notes')
    .values({
      meeting_id: meeting.id,
      question_id: question.id,
      group_label: 'Table 1',
      note: 'Evening groups',
    })
    .execute();
  return { meetingId: meeting.id, questionId: question.id };
}

const at =
  (
    path: (e: Awaited<ReturnType<typeof eventToday>>) => string,
    form?: (target: string) => Record<string, string>,
  ) =>
  async (fixture: MatrixFixture, target: string) => ({
    method: form ? ('POST' as const) : ('GET' as const),
    url: path(await eventToday(fixture, target)),
    ...(form ? { form: form(target) } : {}),
  });

export const consultationMatrix: MatrixRow[] = [
  {
    route: 'GET /meetings/:id/consultation',
    access: viewing,
    request: at((e) => `/meetings/${e.meetingId}/consultation`),
  },
  {
    route: 'POST /meetings/:id/consultation/questions',
    access: managing,
    request: at(
      (e) => `/meetings/${e.meetingId}/consultation/questions`,
      () => ({ textEn: 'What could be better?', textCy: 'Beth allai fod yn well?' }),
    ),
  },
  {
    route: 'POST /meetings/:id/consultation/questions/:questionId/remove',
    access: managing,
    request: at(
      (e) => `/meetings/${e.meetingId}/consultation/questions/${e.questionId}/remove`,
      () => ({}),
    ),
  },
  {
    route: 'POST /meetings/:id/consultation/notes',
    access: noting,
    request: at(
      (e) => `/meetings/${e.meetingId}/consultation/notes`,
      () => ({ groupLabel: 'Table 2', questionId: '', note: 'More evening sessions' }),
    ),
  },
  {
    route: 'POST /meetings/:id/consultation/summary',
    access: managing,
    request: at(
      (e) => `/meetings/${e.meetingId}/consultation/summary`,
      (target) => ({ organisationIds: target }),
    ),
  },
];
