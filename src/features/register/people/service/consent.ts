import { ok, type Result } from '#platform/validation/index.ts';
import type { ConsentPurpose } from '../../tables.ts';
import { cancelQueuedMessages } from '../../contact/index.ts';
import { actorIdOf, type Who } from './access.ts';
import type { PeopleContext } from './context.ts';

/** Recording and withdrawing consent. */
export function consentCommands({ changing, record }: PeopleContext) {
  return {
    /** Records consent for purposes not already live (re-consent after withdrawal adds a row). */
    async recordConsent(
      who: Who,
      id: string,
      input: {
        purposes: ConsentPurpose[];
        method: 'in_person' | 'paper' | 'portal' | 'phone' | 'import';
        wordingVersion: string;
      },
    ): Promise<Result<{ recorded: ConsentPurpose[] }>> {
      return changing(who, id, async (trx, locked) => {
        const live = await trx
          .selectFrom('consents')
          .select('purpose')
          .where('person_id', '=', id)
          .where('withdrawn_at', 'is', null)
          .execute();
        const recorded = [...new Set(input.purposes)].filter(
          (purpose) => !live.some((c) => c.purpose === purpose),
        );
        if (!recorded.length) return ok({ recorded });
        await trx
          .insertInto('consents')
          .values(
            recorded.map((purpose) => ({
              person_id: id,
              purpose,
              wording_version: input.wordingVersion,
              method: input.method,
              recorded_by: actorIdOf(who),
            })),
          )
          .onConflict((oc) =>
            oc.columns(['person_id', 'purpose']).where('withdrawn_at', 'is', null).doNothing(),
          )
          .execute();
        await record(trx, who, 'person.consent_recorded', locked, {
          purposes: recorded,
          method: input.method,
          wordingVersion: input.wordingVersion,
        });
        return ok({ recorded });
      });
    },

    /**
     * Withdraws consent for a purpose, with effect everywhere at once: withdrawing `contact`
     * cancels every message queued to the person in the same transaction; withdrawing
     * `equality` deletes their equality monitoring answers.
     */
    async withdrawConsent(
      who: Who,
      id: string,
      purpose: ConsentPurpose,
      method: 'in_person' | 'paper' | 'portal' | 'phone',
    ): Promise<Result<{ withdrawn: boolean }>> {
      return changing(who, id, async (trx, locked) => {
        const withdrawn = await trx
          .updateTable('consents')
          .set({
            withdrawn_at: new Date(),
            withdrawn_by: actorIdOf(who),
            withdrawal_method: method,
          })
          .where('person_id', '=', id)
          .where('purpose', '=', purpose)
          .where('withdrawn_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!withdrawn) return ok({ withdrawn: false });
        // no contact without consent: every message queued to the person stops now
        if (purpose === 'contact') await cancelQueuedMessages(trx, id, 'contact');
        // equality answers exist only with consent: withdrawing it deletes them (not just hides)
        const equalityDeleted =
          purpose === 'equality'
            ? (await trx.deleteFrom('equality_monitoring').where('person_id', '=', id).execute())
                .map((r) => Number(r.numDeletedRows))
                .reduce((a, b) => a + b, 0) > 0
            : false;
        await record(trx, who, 'person.consent_withdrawn', locked, {
          purpose,
          method,
          ...(equalityDeleted ? { equalityAnswersDeleted: true } : {}),
        });
        return ok({ withdrawn: true });
      });
    },
  };
}
