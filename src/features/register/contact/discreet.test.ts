import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createI18n, languages, loadResources } from '#platform/i18n/i18n.ts';
import { renderMessage } from '#platform/notify/templates.ts';
import { chooseTemplate, discreetTemplate } from './contact.ts';

/**
 * Every message Cyd sends to a person goes through contactPerson, which needs a template with a
 * `.discreet` form: texts and e-mails show on locked phones and shared screens. This checks every
 * template a person can be sent (now, and any added later), in both languages, rendered with
 * personal details that must not show: the organisation, the person's name, what it is about.
 */
const i18n = createI18n();
/**
 * Sent to staff accounts, or to the number or address someone gave with anonymous feedback for
 * that one answer: never through the safe-contact function.
 */
const staffTemplates = new Set([
  'invitation',
  'passwordReset',
  'consultationSummary',
  'feedbackSafeguarding',
  'feedbackEscalated',
  'feedbackOutcomeContact',
  'feedbackTextReceipt',
  'feedbackTextEmpty',
]);
const notify = loadResources().en!.notify as Record<string, unknown>;
const personTemplates = Object.keys(notify).filter((name) => !staffTemplates.has(name));

const personalisation = {
  name: 'Jane Smith',
  organisation: 'Aberffug Drug and Alcohol Recovery Service',
  opportunity: 'Recovery forum',
  title: 'Recovery forum',
  activity: 'Recovery forum',
  role: 'Recovery representative',
  reason: 'Not involved recently',
  inviter: 'Alex Worker',
  date: '3 March 2027',
  closingDate: '1 March 2027',
  code: '123456',
  link: 'https://cyd.example/portal/opportunities/1',
};
const revealing =
  /Jane|Smith|Aberffug|Recovery|Drug|Alcohol|Not involved recently|treatment|triniaeth|adferiad|cyffur|alcohol/i;
/** All a discreet form may fill in: none of these says who or what it is about. */
const allowedPlaceholders = new Set(['link', 'code', 'date', 'closingDate']);

describe('discreet texts and e-mails', () => {
  it('knows the templates sent to people', () => {
    assert.ok(personTemplates.length >= 8, personTemplates.join(', '));
    for (const name of ['portalCode', 'selectionSelected', 'opportunityInvitation'])
      assert.ok(personTemplates.includes(name), name);
  });

  for (const template of personTemplates)
    it(`${template}: the default text and e-mail name no service, no person, no subject`, () => {
      for (const language of languages)
        for (const formats of [[], ['easy_read']])
          for (const channel of ['sms', 'email'] as const) {
            const person = {
              preferred_language: language,
              formats,
              plain_envelope: false,
              fuller_messages: false,
            };
            const queued = chooseTemplate(i18n, template, person, channel);
            const sent = discreetTemplate(i18n, queued, person, channel);
            assert.equal(sent, `${template}.discreet`, `${language} ${channel}`);
            const raw = i18n.instance.getResource(language, 'notify', sent) as Record<
              string,
              string
            >;
            for (const part of ['subject', 'body']) {
              const text = raw[part];
              assert.ok(text, `${template} ${language}: discreet ${part}`);
              for (const [, key] of text.matchAll(/\{\{\s*(\w+)\s*\}\}/g))
                assert.ok(allowedPlaceholders.has(key!), `${template} ${language}: {{${key!}}}`);
            }
            const { subject, body } = renderMessage(i18n, language, channel, {
              template: sent,
              personalisation,
              reference: 'test',
            });
            const where = `${template} (${language}, ${channel})`;
            assert.doesNotMatch(body, revealing, where);
            assert.doesNotMatch(subject ?? '', revealing, where);
            assert.match(body, /Cyd/, `${where}: says where to read the rest`);
            if (template !== 'portalCode')
              assert.ok(body.includes(personalisation.link), `${where}: has the link`);
          }
    });

  it('keeps the fuller text for a person who chose it, and never changes letters', () => {
    const fuller = { preferred_language: 'cy' as const, fuller_messages: true };
    assert.equal(
      discreetTemplate(i18n, 'selectionSelected.easyRead', fuller, 'sms'),
      'selectionSelected.easyRead',
    );
    const discreet = { preferred_language: 'en' as const, fuller_messages: false };
    assert.equal(
      discreetTemplate(i18n, 'involvementInvitation.plainEnvelope', discreet, 'letter'),
      'involvementInvitation.plainEnvelope',
    );
    const { body } = renderMessage(i18n, 'cy', 'sms', {
      template: discreetTemplate(i18n, 'selectionSelected', fuller, 'sms'),
      personalisation,
      reference: 'test',
    });
    assert.match(body, /Helo Jane Smith/);
    assert.match(body, /Aberffug Drug and Alcohol Recovery Service/);
  });

  it('refuses a template with no discreet form', () => {
    const person = { preferred_language: 'en' as const, formats: [], plain_envelope: false };
    assert.throws(() => chooseTemplate(i18n, 'passwordReset', person, 'sms'), /no discreet form/);
  });
});
