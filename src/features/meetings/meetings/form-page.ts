import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf } from '#platform/http/guards.ts';
import { formErrors, type Issue } from '#platform/validation/index.ts';
import type { MeetingDetails } from './details.ts';
import { anchors, dateItems, formChoices } from './present.ts';
import { local } from '#platform/i18n/i18n.ts';
import type { Form } from './schema.ts';

export const view = (name: string) => `meetings/meetings/views/${name}.njk`;

/** Renders the schedule or edit form of a meeting at an organisation. */
export async function renderMeetingForm(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  options: {
    organisation: { id: string; nameEn: string; nameCy: string };
    values: Form;
    issues?: Issue[];
    meeting?: MeetingDetails;
  },
) {
  const { t, lang } = request;
  const actor = actorOf(request);
  const { organisation, values, meeting } = options;
  const [venues, staff] = await Promise.all([
    services.meetings.venuesFor(actor, organisation.id),
    services.meetings.staffFor(actor, organisation.id),
  ]);
  const errors = formErrors(t, options.issues ?? [], anchors);
  return reply.code(options.issues?.length ? 400 : 200).render(view('form'), {
    pageTitle: meeting ? t('meetings:pages.form.editTitle') : t('meetings:pages.form.newTitle'),
    action: meeting ? `/meetings/${meeting.id}/edit` : '/meetings/new',
    back: meeting ? `/meetings/${meeting.id}` : '/meetings',
    caption: meeting
      ? local(lang, meeting.titleEn, meeting.titleCy)
      : local(lang, organisation.nameEn, organisation.nameCy),
    organisationId: organisation.id,
    inSeries: Boolean(meeting?.seriesId),
    isNew: !meeting,
    values,
    dateItems: dateItems(values),
    choices: formChoices(t, values, venues, staff),
    errors: errors.fields,
    errorList: errors.errorList,
  });
}
