import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { hashToken, randomToken } from '#platform/auth/tokens.ts';

/**
 * The link in an invitation that lets the person reply without signing in: `/r/<token>`. Only
 * the token's hash is stored; a new invitation (or a reminder) replaces the invitee's token, so
 * only the newest link works. Links stop working 7 days after the meeting ends.
 */
export const REPLY_LINK_DAYS_AFTER = 7;

/** New reply tokens for these invitees (in the caller's transaction): invitee id → token. */
export async function issueReplyTokens(
  trx: Kysely<DB>,
  invitees: readonly { id: string; endsAt: Date }[],
): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  if (invitees.length === 0) return tokens;
  const rows = invitees.map((invitee) => {
    const token = randomToken();
    tokens.set(invitee.id, token);
    return {
      invitee_id: invitee.id,
      token_hash: hashToken(token),
      expires_at: new Date(invitee.endsAt.getTime() + REPLY_LINK_DAYS_AFTER * 86_400_000),
    };
  });
  for (let i = 0; i < rows.length; i += 5000)
    await trx
      .insertInto('meeting_reply_tokens')
      .values(rows.slice(i, i + 5000))
      .onConflict((oc) =>
        oc.column('invitee_id').doUpdateSet((eb) => ({
          token_hash: eb.ref('excluded.token_hash'),
          expires_at: eb.ref('excluded.expires_at'),
          created_at: new Date(),
        })),
      )
      .execute();
  return tokens;
}

/** The invitee a reply token belongs to, while it works; undefined otherwise. */
export async function inviteeOfToken(db: Kysely<DB>, token: string, now = new Date()) {
  if (token.length < 20 || token.length > 64) return undefined;
  const row = await db
    .selectFrom('meeting_reply_tokens')
    .select('invitee_id as inviteeId')
    .where('token_hash', '=', hashToken(token))
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row?.inviteeId;
}
