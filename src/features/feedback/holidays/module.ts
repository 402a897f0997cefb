import type { Module, Services } from '#platform/modules/contract.ts';
import { unscoped } from '#platform/permissions/matrix.ts';
import { holidaysRoutes } from './routes.ts';
import { createHolidaysService } from './service.ts';

const admins = { platform_admin: ['own' as const] };

/** Bank holidays for complaint deadlines, kept by platform administrators (issue 12 item 3). */
export const holidaysModule: Module = {
  name: 'feedback/holidays',
  services: ({ db, audit }) => ({ holidays: createHolidaysService({ db, audit }) }),
  routes: [holidaysRoutes],
  navigation: [
    {
      href: '/feedback/holidays',
      text: 'feedback:holidays.navigation',
      visible: (actor) => actor.platformAdmin,
    },
  ],
  matrix: [
    unscoped('GET /feedback/holidays', admins),
    unscoped('POST /feedback/holidays', admins, {
      form: {
        nation: 'scotland',
        'day-day': '30',
        'day-month': '11',
        'day-year': '2027',
        nameEn: "St Andrew's Day",
        nameCy: 'Dydd Sant Andreas',
      },
    }),
    {
      route: 'POST /feedback/holidays/remove',
      access: admins,
      organisationScoped: false,
      async request(fixture) {
        const { db } = fixture.services as Services;
        await db
          .insertInto('working_day_holidays')
          .values({
            nation: 'northern-ireland',
            day: '2027-03-17',
            name_en: "St Patrick's Day",
            name_cy: 'Dydd San Padrig',
          })
          .onConflict((oc) => oc.columns(['nation', 'day']).doNothing())
          .execute();
        return {
          method: 'POST',
          url: '/feedback/holidays/remove',
          form: { nation: 'northern-ireland', day: '2027-03-17' },
        };
      },
    },
  ],
};
