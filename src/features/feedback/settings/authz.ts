import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, scoped, unscoped } from '#platform/permissions/matrix.ts';
import { feedbackPermissions } from '../permissions.ts';

const keeping = overSubtree(...feedbackPermissions['feedback.publish']);
const settingsOf = (tail: string) => (_f: MatrixFixture, target: string) =>
  `/feedback/settings/${target}${tail}`;
let codes = 0;

/** A theme the target keeps. */
async function themeAt(fixture: MatrixFixture, target: string) {
  const { db } = fixture.services as Services;
  const theme = await db
    .insertInto('feedback_themes')
    .values({ organisation_id: target, name_en: 'Matrix theme', name_cy: 'Thema matrics' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return `/feedback/settings/${target}/themes/${theme.id}/archive`;
}

export const settingsMatrix: MatrixRow[] = [
  unscoped('GET /feedback/settings', anywhereAs(...feedbackPermissions['feedback.publish'])),
  scoped('GET /feedback/settings/:organisationId', keeping, settingsOf('')),
  {
    route: 'POST /feedback/settings/:organisationId/inbox',
    access: keeping,
    request: (_f, target) => {
      codes += 1;
      // a fresh code each time, from the code alphabet
      const code = `mxs${'abcdefghjk'[codes % 10]}${'mnpqrstuvw'[Math.floor(codes / 10) % 10]}`;
      return {
        method: 'POST',
        url: `/feedback/settings/${target}/inbox`,
        form: { code, enabled: 'yes' },
      };
    },
  },
  scoped('POST /feedback/settings/:organisationId/settings', keeping, settingsOf('/settings'), {
    acknowledgeDays: '2',
    respondDays: '20',
    nation: 'england-and-wales',
  }),
  scoped('POST /feedback/settings/:organisationId/themes', keeping, settingsOf('/themes'), {
    nameEn: 'Transport',
    nameCy: 'Trafnidiaeth',
  }),
  scoped('GET /feedback/settings/:organisationId/themes/:themeId', keeping, async (f, target) =>
    (await themeAt(f, target)).replace(/\/archive$/, ''),
  ),
  scoped(
    'POST /feedback/settings/:organisationId/themes/:themeId',
    keeping,
    async (f, target) => (await themeAt(f, target)).replace(/\/archive$/, ''),
    { nameEn: 'Getting there', nameCy: 'Cyrraedd yno' },
  ),
  scoped('POST /feedback/settings/:organisationId/themes/:themeId/archive', keeping, themeAt, {
    archived: 'yes',
  }),
];
