import type { TFunction } from 'i18next';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import type { I18n } from '#platform/i18n/i18n.ts';
import type { Services } from '#platform/modules/contract.ts';
import { can, scopeOf } from '#platform/permissions/policy.ts';
import { londonParts } from '#platform/time/london.ts';
import { formatDate } from '#platform/views/views.ts';
import { contactPerson, type ContactDependencies } from '#features/register';
import { statementPdf, type StatementWords } from './pdf.ts';
import { statementText, type StatementText } from './present.ts';
import { personWhere } from '../authorise.ts';
import { statementOf, type StatementPeriod } from './repository.ts';

export interface StatementsDependencies {
  db: Database;
  audit: AuditLog;
  i18n: I18n;
  /** The register's way of finding a person for whoever asks (404 if they may not see them). */
  findPerson: Services['people']['findPersonForActor'];
  contact: Omit<ContactDependencies, 'notifier'>;
  /** Where people sign in, for the link in the message (the discreet form has only the link). */
  publicUrl: string;
  now?: () => Date;
}

type Person = Awaited<ReturnType<Services['people']['findPersonForActor']>>;

/** The words around a statement in the PDF, in `t`'s language. */
export function pdfWords(
  t: TFunction,
  lang: string,
  person: Person,
  today: string,
): StatementWords {
  const address = person.address
    ? [...person.address.lines.split(/\r?\n/), person.address.postcode].filter(Boolean)
    : undefined;
  return {
    person: person.legalName ?? person.displayName,
    ...(address ? { address } : {}),
    made: t('statements:made', { date: formatDate(today, lang) }),
    columns: {
      paidOn: t('statements:columns.paidOn'),
      claim: t('statements:columns.claim'),
      organisation: t('statements:columns.organisation'),
      method: t('statements:columns.method'),
      expenses: t('statements:columns.expenses'),
      payment: t('statements:columns.payment'),
      total: t('statements:columns.total'),
    },
    empty: t('statements:empty'),
    expensesNote: t('statements:expensesNote'),
    advice: t('statements:advice'),
    page: (n, of) => t('statements:page', { n, of }),
  };
}

/**
 * Statements of payments and expenses (issue 11 item 6): the person's own in the portal, any
 * person's for staff who may see their whole record and hold money.view at one of their
 * organisations (only the payments of organisations in the reader's money.view scope), as a page
 * or a PDF, and by post through the letter channel (money.claim). Every read goes through the
 * register, which audits it (`person.viewed`, section `statement`); a letter is audited too.
 */
export function createStatementsService(deps: StatementsDependencies) {
  const { db, audit, i18n, findPerson, now = () => new Date() } = deps;
  const today = () => londonParts(now()).date;

  const staffPerson = (actor: Actor, personId: string, permission: 'money.view' | 'money.claim') =>
    personWhere(findPerson, actor, personId, permission, 'statement');

  return {
    today,

    /** The person's own statement (the portal): every organisation's payments. */
    async ownStatement(personId: string, period: StatementPeriod) {
      const person = await findPerson({ personId }, personId, { section: 'statement' });
      return { person, statement: await statementOf(db, personId, period, null) };
    },

    /** A person's statement for staff: the payments of organisations in their money.view scope. */
    async personStatement(actor: Actor, personId: string, period: StatementPeriod) {
      const person = await staffPerson(actor, personId, 'money.view');
      const statement = await statementOf(db, person.id, period, scopeOf(actor, 'money.view'));
      const canPost = can(actor, 'money.claim', {
        id: person.organisationId,
        ancestors: person.scopeIds,
      });
      return { person, statement, canPost };
    },

    pdf(text: StatementText, t: TFunction, lang: string, person: Person) {
      return statementPdf(text, pdfWords(t, lang, person, today()));
    },

    /**
     * Sends the statement as a letter in the person's language, through the register's safe
     * contact (their status and contact rules apply: the result says whether it was queued).
     */
    async postStatement(actor: Actor, personId: string, period: StatementPeriod) {
      const person = await staffPerson(actor, personId, 'money.claim');
      const statement = await statementOf(db, person.id, period, scopeOf(actor, 'money.view'));
      const lang = person.preferredLanguage;
      const t = i18n.t(lang);
      const text = statementText(t, lang, period, statement);
      const lines = text.lines.map((line) => t('statements:letter.line', { ...line }));
      return db.transaction().execute(async (trx) => {
        const result = await contactPerson(deps.contact, trx, {
          personId: person.id,
          organisationId: person.organisationId,
          template: 'moneyStatement',
          purpose: 'record',
          channel: 'letter',
          personalisation: {
            period: text.period,
            lines: text.empty ? t('statements:empty') : lines.join('\n'),
            expenses: text.totals.expenses,
            payment: text.totals.payment,
            link: `${deps.publicUrl}/portal/statements`,
          },
        });
        await audit.record(
          {
            actorAccountId: actor.id,
            action: 'money.statement_posted',
            subjectType: 'person',
            subjectId: person.id,
            organisationId: person.organisationId,
            details: { period, payments: statement.rows.length, status: result.status },
          },
          trx,
        );
        return result;
      });
    },
  };
}

export type StatementsService = ReturnType<typeof createStatementsService>;
