import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openTestDatabase, testEngine } from '#test/support/database.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { createAuditLog, GENESIS_HASH, parseAnchor, type AuditLog } from './audit-log.ts';

/** Tampering as the database owner would: switch the append-only trigger off, change, switch on. */
async function tamper(handle: DatabaseHandle, statement: string) {
  await handle.db.connection().execute(async (conn) => {
    await sql.raw('alter table audit_log disable trigger audit_log_no_update').execute(conn);
    try {
      await sql.raw(statement).execute(conn);
    } finally {
      await sql.raw('alter table audit_log enable trigger audit_log_no_update').execute(conn);
    }
  });
}

describe(`audit log (${testEngine})`, () => {
  let handle: DatabaseHandle;
  let audit: AuditLog;

  before(async () => {
    handle = await openTestDatabase();
    audit = createAuditLog(handle.db);
  });
  after(() => handle.close());

  // Each test starts from an empty log: as the owner, with every protection switched off.
  beforeEach(async () => {
    await handle.db.connection().execute(async (conn) => {
      await sql`alter table audit_log disable trigger user`.execute(conn);
      await sql`alter table audit_chain_head disable trigger user`.execute(conn);
      await sql`delete from audit_log`.execute(conn);
      await sql`update audit_chain_head set last_id = null, last_seq = null, hash = ${GENESIS_HASH}`.execute(
        conn,
      );
      await sql`alter table audit_log enable trigger user`.execute(conn);
      await sql`alter table audit_chain_head enable trigger user`.execute(conn);
    });
  });

  const appendSome = async (n: number) => {
    const ids: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const { id } = await audit.record({
        actorAccountId: null,
        action: 'test.happened',
        subjectType: 'thing',
        subjectId: String(i),
        details: { i, when: new Date(), list: [1, undefined, 'ŵ'], nested: { b: 1, a: [true] } },
      });
      ids.push(id);
    }
    await audit.seal(); // tampering, below, comes after sealing
    return ids;
  };

  it('verifies an empty log and an intact chain, and reports its head', async () => {
    assert.deepEqual(await audit.verify(), { ok: true, checked: 0, head: null, problems: [] });
    const ids = await appendSome(5);
    const result = await audit.verify();
    assert.equal(result.ok, true, JSON.stringify(result.problems));
    assert.equal(result.checked, 5);
    assert.equal(result.head?.id, ids.at(-1));
    assert.deepEqual(await audit.head(), result.head);
  });

  it('detects an edited entry', async () => {
    const ids = await appendSome(4);
    await tamper(
      handle,
      `update audit_log set details = '{"i": 99}' where id = ${ids[1]!.toString()}`,
    );
    const result = await audit.verify();
    assert.equal(result.ok, false);
    assert.deepEqual(result.problems, [{ kind: 'edited', id: ids[1] }]);
  });

  it('detects an entry whose hash was replaced too, at the link after it', async () => {
    const ids = await appendSome(4);
    await tamper(
      handle,
      `update audit_log set action = 'test.other', hash = repeat('a', 64) where id = ${ids[1]!.toString()}`,
    );
    const kinds = (await audit.verify()).problems.map((p) => `${p.kind}:${p.id}`);
    assert.ok(kinds.includes(`broken_chain:${ids[2]!}`), kinds.join());
  });

  it('detects a deleted entry in the middle, at the start and at the end', async () => {
    const ids = await appendSome(6);
    await tamper(handle, `delete from audit_log where id = ${ids[2]!.toString()}`);
    assert.deepEqual((await audit.verify()).problems, [{ kind: 'broken_chain', id: ids[3] }]);

    await tamper(handle, `delete from audit_log where id = ${ids[0]!.toString()}`);
    const afterFirst = (await audit.verify()).problems;
    assert.deepEqual(afterFirst, [
      { kind: 'broken_chain', id: ids[1] },
      { kind: 'broken_chain', id: ids[3] },
    ]);

    await tamper(handle, `delete from audit_log where id >= ${ids[4]!.toString()}`);
    const afterTail = (await audit.verify()).problems;
    assert.deepEqual(afterTail.at(-1), { kind: 'missing_tail', id: ids[5] });
  });

  it('detects deleting every entry', async () => {
    const ids = await appendSome(3);
    await tamper(handle, 'delete from audit_log');
    assert.deepEqual((await audit.verify()).problems, [{ kind: 'missing_tail', id: ids[2] }]);
  });

  it('detects a chain rewritten consistently in the database with an anchor kept outside it', async () => {
    const ids = await appendSome(3);
    const anchor = (await audit.head())!;
    // the owner deletes the newest entry and winds the head back with its triggers off
    await handle.db.connection().execute(async (conn) => {
      await sql`alter table audit_log disable trigger user`.execute(conn);
      await sql`alter table audit_chain_head disable trigger user`.execute(conn);
      await sql`delete from audit_log where id = ${ids[2]}`.execute(conn);
      await sql`update audit_chain_head set last_id = ${ids[1]}, last_seq = (select seq from audit_log where id = ${ids[1]}), hash = (select hash from audit_log where id = ${ids[1]})`.execute(
        conn,
      );
      await sql`alter table audit_log enable trigger user`.execute(conn);
      await sql`alter table audit_chain_head enable trigger user`.execute(conn);
    });
    assert.equal((await audit.verify()).ok, true, 'invisible without an anchor');
    const result = await audit.verify({ anchors: [anchor] });
    assert.deepEqual(result.problems, [{ kind: 'anchor_missing', id: anchor.id }]);
    const wrong = await audit.verify({ anchors: [{ id: ids[0]!, hash: 'f'.repeat(64) }] });
    assert.deepEqual(wrong.problems, [{ kind: 'anchor_mismatch', id: ids[0] }]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the log and rewinding its head', async () => {
    await appendSome(2);
    const refused = async (statement: string) =>
      assert.rejects(
        sql.raw(statement).execute(handle.db),
        /append-only|only moves forward|cannot be deleted/,
      );
    await refused(`update audit_log set action = 'x'`);
    await refused('delete from audit_log');
    await refused('truncate audit_log');
    await refused('update audit_chain_head set last_seq = 1');
    const [sealed] = await appendSome(1);
    await audit.seal();
    await refused(`update audit_log set seq = seq + 100 where id = ${sealed!}`);
    // an unsealed entry cannot be changed either, only sealed
    const { id: waiting } = await audit.record({ actorAccountId: null, action: 'test.waiting' });
    await refused(`update audit_log set action = 'x' where id = ${waiting}`);
    await refused('delete from audit_chain_head');
    await refused('truncate audit_chain_head');
    assert.equal((await audit.verify()).ok, true);
  });

  it('keeps the chain valid under concurrent appends', async () => {
    const ids = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        audit.record({ actorAccountId: null, action: 'test.parallel', details: { i } }),
      ),
    );
    assert.equal(new Set(ids.map((r) => r.id)).size, 50);
    const result = await audit.verify({ batchSize: 7 });
    assert.equal(result.ok, true, JSON.stringify(result.problems));
    assert.equal(result.checked, 50);
  });

  it('leaves no trace of an entry whose transaction rolled back', async () => {
    await appendSome(1);
    await assert.rejects(
      handle.db.transaction().execute(async (trx) => {
        await audit.record({ actorAccountId: null, action: 'test.rolled_back' }, trx);
        throw new Error('roll back');
      }),
      /roll back/,
    );
    await appendSome(1);
    const result = await audit.verify();
    assert.equal(result.ok, true, JSON.stringify(result.problems));
    assert.equal(result.checked, 2);
  });

  it('appends without waiting for other appends, and chains them when they commit', async () => {
    await appendSome(1);
    // a transaction that appended and has not committed holds no lock others wait for
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = handle.db.transaction().execute(async (trx) => {
      await audit.record({ actorAccountId: null, action: 'test.slow' }, trx);
      await held;
    });
    const quick = await Promise.race([
      audit.record({ actorAccountId: null, action: 'test.quick' }).then(() => 'appended'),
      new Promise((resolve) => setTimeout(() => resolve('waited'), 2_000)),
    ]);
    assert.equal(quick, 'appended');
    assert.equal((await audit.verify()).checked, 2, 'the open transaction is not sealed');
    release();
    await slow;
    const result = await audit.verify();
    assert.equal(result.ok, true, JSON.stringify(result.problems));
    assert.equal(result.checked, 3);
  });

  it('appends from a REPEATABLE READ transaction too, and the chain stays whole', async () => {
    await appendSome(1);
    await handle.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`select count(*) from audit_log`.execute(trx); // takes the snapshot
        await audit.record({ actorAccountId: null, action: 'test.concurrent' });
        await audit.seal();
        await audit.record({ actorAccountId: null, action: 'test.later' }, trx);
      });
    const result = await audit.verify();
    assert.equal(result.ok, true, JSON.stringify(result.problems));
    assert.equal(result.checked, 3);
  });

  it('parses anchors in the form audit:verify prints', () => {
    const hash = 'AB'.repeat(32);
    assert.deepEqual(parseAnchor(`#12:${hash}`), { id: 12, hash: hash.toLowerCase() });
    assert.equal(parseAnchor('12:nothex'), null);
  });
});
