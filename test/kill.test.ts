/**
 * No acknowledged write lost (issue 9): the real server on its embedded PostgreSQL, staff
 * registering people through the question pages (CSRF, sessions, audited writes), and Cyd AND its
 * PostgreSQL server killed with SIGKILL several times while those writes are in flight. After each
 * kill Cyd starts again on the same data directory (stale lock, stale postmaster.pid, WAL
 * recovery). At the end every registration that was acknowledged (its redirect to the person) is
 * there exactly once with all its rows and its one audit entry, nothing is half written, and the
 * audit chain verifies.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { verifyAuditLog } from '#platform/audit/audit-log.ts';
import { freePort } from '#platform/db/embedded.ts';
import { openDatabase } from '#platform/db/database.ts';
import { spawnServer } from '#test/support/server-process.ts';

const LEAD = 'involvement-lead@demo.example';
const PASSWORD = 'cyd-demo-2026';
const KILLS = 4;
const CLIENTS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Server {
  child: ChildProcess;
  output: () => string;
  exited: Promise<unknown>;
}

/** Starts `node --import tsx src/server.ts` on the data directory and port; resolves once up. */
async function startServer(dataDir: string, port: number): Promise<Server> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    SEED_DEMO: 'true',
    DEMO_PASSWORD: PASSWORD,
    LOG_LEVEL: 'fatal',
  };
  delete env.DATABASE_URL;
  delete env.CYD_TEST_ENGINE;
  const { child, output, exited } = spawnServer(env);
  const deadline = Date.now() + 60_000;
  while (!/Cyd is running at/.test(output())) {
    if (child.exitCode !== null) throw new Error(`Cyd exited (${child.exitCode}):\n${output()}`);
    if (Date.now() > deadline) throw new Error(`Cyd did not start in time:\n${output()}`);
    await sleep(25);
  }
  return { child, output, exited };
}

/** SIGKILL for Cyd and for every process of its PostgreSQL server (its own process group). */
async function killAll(server: Server, dataDir: string) {
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  assert.ok(postmaster > 0, 'the PostgreSQL server is running');
  const killGroup = () => {
    try {
      process.kill(-postmaster, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  // both at once, in either order: a power cut does not stop things politely
  if (Math.random() < 0.5) {
    killGroup();
    server.child.kill('SIGKILL');
  } else {
    server.child.kill('SIGKILL');
    killGroup();
  }
  await server.exited;
  while (alive(postmaster)) await sleep(10);
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

class ServerDown extends Error {}
/** Set when the test fails: the clients stop retrying. */
let aborted = false;

/** A staff member's browser without JavaScript: cookies, CSRF tokens, no redirects followed. */
class Client {
  private cookies = new Map<string, string>();
  private csrf = '';

  private readonly base: string;

  constructor(base: string) {
    this.base = base;
  }

  /** One request; ServerDown when it got no answer or a 5xx (the caller retries). */
  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    if (form) {
      body.append('_csrf', this.csrf);
      for (const [key, value] of Object.entries(form))
        for (const v of ([] as string[]).concat(value)) body.append(key, v);
    }
    let response: Response;
    try {
      response = await fetch(`${this.base}${url}`, {
        method,
        redirect: 'manual',
        headers: {
          cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(form ? { body: body.toString() } : {}),
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      throw new ServerDown();
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new ServerDown();
    }
    if (response.status >= 500) throw new ServerDown();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const value = pair!.slice(eq + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(pair!.slice(0, eq));
      else this.cookies.set(pair!.slice(0, eq), value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { status: response.status, location: response.headers.get('location') ?? '', text };
  }

  /** The request, again and again until Cyd answers (it is being killed and restarted). */
  async until(method: 'GET' | 'POST', url: string, form?: Record<string, string | string[]>) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        // a POST after a restart needs the page again: its token, and the session still there
        return await this.request(method, url, form);
      } catch (error) {
        if (!(error instanceof ServerDown) || aborted || attempt > 600) throw error;
        await sleep(100);
      }
    }
  }
}

describe(
  'no acknowledged write lost when Cyd and PostgreSQL are killed',
  { timeout: 400_000 },
  () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cyd-kill-'));
    let server: Server | undefined;
    after(async () => {
      if (server && server.child.exitCode === null) {
        server.child.kill('SIGTERM');
        await server.exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('keeps every acknowledged registration exactly once, whole, with its audit entry', async (t) => {
      const started = Date.now();
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      server = await startServer(dataDir, port);

      /** Acknowledged: the confirm answered with a redirect to the person (id → display name). */
      const acknowledged = new Map<string, string>();
      /** Confirmations whose answer was lost and that the client gave up on (may or may not be there). */
      let abandoned = 0;
      let lostAnswers = 0;
      let stopping = false;
      let counter = 0;
      /** Confirmations sent and not answered yet: the kills aim at them. */
      let confirming = 0;

      const signIn = async () => {
        const client = new Client(base);
        await client.until('GET', '/sign-in');
        const signedIn = await client.until('POST', '/sign-in', {
          email: LEAD,
          password: PASSWORD,
        });
        assert.equal(signedIn.status, 303, 'signed in');
        return client;
      };

      /** Answers a question page; a lost answer or a lost session (not yet saved) starts over. */
      const answer = async (
        client: Client,
        step: string,
        form: Record<string, string | string[]>,
      ) => {
        await client.until('GET', `/people/new/${step}`);
        const answered = await client.until('POST', `/people/new/${step}`, form);
        assert.equal(answered.status, 303, `${step}: ${answered.text.slice(0, 300)}`);
      };

      const registerOne = async (client: Client, n: number) => {
        const name = `Kill Test ${n}`;
        await answer(client, 'kind', { kind: 'service_user' });
        await answer(client, 'name', { displayName: name, legalName: `${name} (legal)` });
        await answer(client, 'age', { ageBand: '35_44' });
        const page = await client.until('GET', '/people/new/organisation');
        const organisation = /<option value="([0-9a-f-]{36})"/.exec(page.text)?.[1];
        assert.ok(organisation, 'an organisation to register with');
        await client.until('POST', '/people/new/organisation', { organisationId: organisation });
        await answer(client, 'language', { preferredLanguage: 'en', speaksWelsh: 'no' });
        await answer(client, 'contact', { phone: '07700 900123', channel1: 'sms' });
        const consent = await client.until('GET', '/people/new/consent');
        const version = /name="wordingVersion"[^>]*value="([^"]+)"/.exec(consent.text)?.[1];
        await client.until('POST', '/people/new/consent', {
          purposes: ['register', 'contact'],
          method: 'in_person',
          ...(version ? { wordingVersion: version } : {}),
        });
        const check = await client.until('GET', '/people/new/check');
        assert.equal(check.status, 200, `check your answers: ${check.location}`);
        for (;;) {
          let confirmed;
          confirming += 1;
          try {
            confirmed = await client.request('POST', '/people/new/check', {});
          } catch (error) {
            confirming -= 1;
            if (!(error instanceof ServerDown)) throw error;
            lostAnswers += 1;
            // the answer was lost: half the time confirm again once Cyd is back (the draft's id
            // makes that register at most once), half the time give up on this person
            if (lostAnswers % 2 === 0) {
              abandoned += 1;
              return;
            }
            await sleep(200);
            await client.until('GET', '/people/new/check');
            continue;
          }
          confirming -= 1;
          assert.equal(confirmed.status, 303, 'confirmed');
          const id = /^\/people\/([0-9a-f-]{36})(?:\?done=[\w-]{16})?$/.exec(
            confirmed.location,
          )?.[1];
          if (!id) {
            // back to a question (the session's last answers were not saved): answer again
            return registerOne(client, n);
          }
          assert.ok(
            !acknowledged.has(id) || acknowledged.get(id) === name,
            'one id, one registration',
          );
          acknowledged.set(id, name);
          return;
        }
      };

      const clients = Array.from({ length: CLIENTS }, async () => {
        let client = await signIn();
        while (!stopping) {
          counter += 1;
          const before = abandoned;
          await registerOne(client, counter);
          // a person given up on: a new session, as someone closing the tab and starting again
          if (abandoned !== before) client = await signIn();
        }
      });
      const failures: unknown[] = [];
      const running = Promise.all(clients).catch((error: unknown) => failures.push(error));

      const restarts: number[] = [];
      try {
        for (let kill = 1; kill <= KILLS; kill += 1) {
          // writes in flight for a while, and at least one acknowledged since the last restart
          const before = acknowledged.size;
          await sleep(1_500 + Math.random() * 2_500);
          const patience = Date.now() + 60_000;
          while (acknowledged.size === before && !failures.length && Date.now() < patience)
            await sleep(50);
          if (failures.length) break;
          // mostly while a registration is being confirmed, a few milliseconds into it
          const aim = Date.now() + (kill % 2 === 0 ? 0 : 3_000);
          while (confirming === 0 && Date.now() < aim) await sleep(1);
          await sleep(Math.random() * 15);
          await killAll(server, dataDir);
          const restarted = Date.now();
          server = await startServer(dataDir, port);
          restarts.push(Date.now() - restarted);
        }
        await sleep(1_000);
      } catch (error) {
        aborted = true;
        throw error;
      } finally {
        stopping = true;
        await running;
      }
      assert.deepEqual(failures, []);
      server.child.kill('SIGTERM');
      await server.exited;
      assert.equal(server.child.exitCode, 0, server.output());

      const handle = await openDatabase({ dataDir });
      try {
        const ids = [...acknowledged.keys()];
        assert.ok(ids.length >= KILLS, `only ${ids.length} registrations acknowledged`);
        const people = await handle.db
          .selectFrom('people')
          .select('id')
          .where('id', 'in', ids)
          .execute();
        assert.equal(people.length, ids.length, 'every acknowledged registration is there');

        // every person registered through the pages (the demo's people were seeded, not registered)
        const registered = await handle.db
          .selectFrom('audit_log')
          .select(['subject_id'])
          .where('action', '=', 'person.registered')
          .execute();
        const audited = registered.map((r) => r.subject_id!);
        assert.equal(new Set(audited).size, audited.length, 'one audit entry per registration');
        for (const id of ids) assert.ok(audited.includes(id), `${id} has its audit entry`);
        assert.ok(
          audited.length >= ids.length && audited.length <= ids.length + abandoned,
          `${audited.length} registered: ${ids.length} acknowledged, ${abandoned} given up on`,
        );
        // nothing half written: each registered person has all their rows, and each person row
        // written by the pages has its audit entry
        const whole = await handle.db
          .selectFrom('people')
          .where('people.id', 'in', audited)
          .select((eb) => [
            'people.id',
            eb
              .selectFrom('person_organisations')
              .whereRef('person_organisations.person_id', '=', 'people.id')
              .select(eb.fn.countAll<number>().as('n'))
              .as('memberships'),
            eb
              .selectFrom('person_status_history')
              .whereRef('person_status_history.person_id', '=', 'people.id')
              .select(eb.fn.countAll<number>().as('n'))
              .as('statuses'),
            eb
              .selectFrom('consents')
              .whereRef('consents.person_id', '=', 'people.id')
              .select(eb.fn.countAll<number>().as('n'))
              .as('consents'),
          ])
          .execute();
        assert.equal(whole.length, audited.length, 'every audited registration has its person');
        for (const row of whole) {
          assert.equal(Number(row.memberships), 1, `${row.id}: organisation`);
          assert.equal(Number(row.statuses), 1, `${row.id}: status`);
          assert.equal(Number(row.consents), 2, `${row.id}: consents`);
        }
        const unaudited = await handle.db
          .selectFrom('people')
          .select('id')
          .where('id', 'not in', audited)
          .where('created_at', '>', new Date(started))
          .execute();
        assert.deepEqual(unaudited, [], 'no person without their audit entry');

        const verified = await verifyAuditLog(handle.db);
        assert.deepEqual(verified.problems, [], 'the audit chain verifies');
        assert.ok(verified.ok);

        t.diagnostic(
          `${KILLS} kills of Cyd and PostgreSQL, ${ids.length} registrations acknowledged, ` +
            `${lostAnswers} confirmations without an answer (${abandoned} given up on), ` +
            `${audited.length} registered; restarts after a kill took ${restarts.join(', ')} ms; ` +
            `${((Date.now() - started) / 1000).toFixed(1)} s in all`,
        );
      } finally {
        await handle.close();
      }
    });
  },
);
