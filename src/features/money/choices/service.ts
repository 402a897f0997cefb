import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import type { Services } from '#platform/modules/contract.ts';
import { can } from '#platform/permissions/policy.ts';
import { londonParts } from '#platform/time/london.ts';
import { personWhere } from '../authorise.ts';
import {
  deleteProfile,
  moneyRecordOf,
  saveChoice,
  saveProfile,
  type BenefitProfile,
  type PaymentChoice,
} from './repository.ts';

export interface ChoicesDependencies {
  db: Database;
  audit: AuditLog;
  /** The register's way of finding a person for whoever asks (404 if they may not see them). */
  findPerson: Services['people']['findPersonForActor'];
  now?: () => Date;
}

/** Who is acting: a member of staff, or the person themselves in the portal. */
type Who = Actor | { personId: string };
const accountOf = (who: Who) => ('personId' in who ? null : who.id);

/**
 * Payment choices and benefit awareness (issue 11 items 4 and 5). Both are special category: a
 * person's record is read through the register (which audits the read as `person.viewed`,
 * section `money`) and every change is audited. Staff need money.view at one of the person's
 * organisations to see them and money.claim to change them, and must be able to see the whole
 * record (commissioners never see it); the person may see and change their own in the portal.
 */
export function createChoicesService(deps: ChoicesDependencies) {
  const { db, audit, findPerson, now = () => new Date() } = deps;
  const today = () => londonParts(now()).date;

  /** The person if the actor holds the permission at one of their organisations. */
  const personFor = (actor: Actor, personId: string, permission: 'money.view' | 'money.claim') =>
    personWhere(findPerson, actor, personId, permission, 'money');

  /** The person themselves (the portal), their read audited. */
  const self = (personId: string) => findPerson({ personId }, personId, { section: 'money' });

  async function change(
    who: Who,
    person: { id: string; organisationId: string },
    action: string,
    details: Record<string, unknown>,
    work: (trx: Database) => Promise<unknown>,
  ) {
    await db.transaction().execute(async (trx) => {
      await work(trx);
      await audit.record(
        {
          actorAccountId: accountOf(who),
          action,
          subjectType: 'person',
          subjectId: person.id,
          organisationId: person.organisationId,
          details: { ...details, byPerson: 'personId' in who },
        },
        trx,
      );
    });
  }

  async function setChoice(
    who: Who,
    person: { id: string; organisationId: string },
    choice: PaymentChoice,
  ) {
    await change(who, person, 'money.payment_choice_set', { method: choice.method }, (trx) =>
      saveChoice(trx, person.id, choice, accountOf(who)),
    );
  }

  async function recordProfile(
    who: Who,
    person: { id: string; organisationId: string },
    profile: BenefitProfile,
  ) {
    // no benefits or amounts in the audit log: only what kind of change it was
    await change(
      who,
      person,
      'money.benefit_profile_recorded',
      {
        consentOn: profile.consentOn,
        consentHow: profile.consentHow,
        limit: profile.limitPence !== null,
      },
      (trx) => saveProfile(trx, person.id, profile, accountOf(who), accountOf(who)),
    );
  }

  async function removeProfile(who: Who, person: { id: string; organisationId: string }) {
    await change(who, person, 'money.benefit_profile_removed', {}, (trx) =>
      deleteProfile(trx, person.id),
    );
  }

  return {
    today,

    /** A person's payment choice and benefit information, for staff (money.view). */
    async personMoney(actor: Actor, personId: string) {
      const person = await personFor(actor, personId, 'money.view');
      const record = await moneyRecordOf(db, person.id);
      const canChange = can(actor, 'money.claim', {
        id: person.organisationId,
        ancestors: person.scopeIds,
      });
      return { person, ...record, canChange };
    },

    /** The person and what is recorded, to change it (money.claim). */
    async personToChange(actor: Actor, personId: string) {
      const person = await personFor(actor, personId, 'money.claim');
      return { person, ...(await moneyRecordOf(db, person.id)) };
    },

    async setPaymentChoice(actor: Actor, personId: string, choice: PaymentChoice) {
      await setChoice(actor, await personFor(actor, personId, 'money.claim'), choice);
    },
    async recordBenefitProfile(actor: Actor, personId: string, profile: BenefitProfile) {
      await recordProfile(actor, await personFor(actor, personId, 'money.claim'), profile);
    },
    async removeBenefitProfile(actor: Actor, personId: string) {
      await removeProfile(actor, await personFor(actor, personId, 'money.claim'));
    },

    /** The signed-in person's own choice and benefit information (the portal). */
    async ownMoney(personId: string) {
      const person = await self(personId);
      return { person, ...(await moneyRecordOf(db, person.id)) };
    },
    async setOwnPaymentChoice(personId: string, choice: PaymentChoice) {
      await setChoice({ personId }, await self(personId), choice);
    },
    async recordOwnBenefitProfile(personId: string, profile: BenefitProfile) {
      await recordProfile({ personId }, await self(personId), profile);
    },
    async removeOwnBenefitProfile(personId: string) {
      await removeProfile({ personId }, await self(personId));
    },
  };
}

export type ChoicesService = ReturnType<typeof createChoicesService>;
