import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import {
  PDF,
  cookieOf,
  docx,
  executable,
  insertTestMeeting,
  multipartFraming,
  odt,
  paperFields,
  postUpload,
  zip,
} from '#test/support/meetings-papers.ts';
import { earliestPaperUploads, papersOf } from './service.ts';

const MB = 1024 * 1024;

describe('meeting papers and minutes', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'papers');
  before(async () => {
    t = await startTestApp();
    await tree.addAll({ Region: null, 'Provider A': 'Region', 'Provider B': 'Region' });
  });
  after(() => t.close());

  const count = async (table: 'meeting_papers' | 'meeting_paper_files', meetingId?: string) => {
    let query = t.services.db
      .selectFrom('meeting_papers as p')
      .leftJoin('meeting_paper_files as f', 'f.paper_id', 'p.id')
      .select((eb) =>
        eb.fn.count<string>(table === 'meeting_papers' ? 'p.id' : 'f.paper_id').as('n'),
      );
    if (meetingId) query = query.where('p.meeting_id', '=', meetingId);
    return Number((await query.executeTakeFirstOrThrow()).n);
  };

  /** A meeting at Provider A (10 days ahead unless `options` say otherwise) and its papers page. */
  const papersPage = async (options?: Parameters<typeof insertTestMeeting>[2]) => {
    const meeting = await insertTestMeeting(t.services.db, tree.ids['Provider A']!, options);
    return { meeting, page: `/meetings/${meeting}/papers` };
  };

  const lead = (language?: 'en' | 'cy') =>
    tree.signedIn('involvement_lead', 'Provider A', language);

  it('uploads a PDF, lists it with how long before the meeting, and downloads it with safe headers', async () => {
    const { agent } = await lead();
    const { meeting, page } = await papersPage({ days: 10 });
    const response = await postUpload(t.app, agent, page, page, paperFields(), {
      name: '..\\..\\Budget\u202Egnp.exe.pdf',
      data: PDF,
    });
    assert.equal(response.statusCode, 303, response.body.slice(0, 400));
    assert.equal(response.headers.location, `${page}?done=uploaded`);

    const [paper] = await papersOf(t.services.db, meeting);
    assert.ok(paper);
    assert.equal(paper.mediaType, 'application/pdf');
    assert.equal(paper.fileName, 'Budgetgnp.exe.pdf');
    assert.equal(paper.sizeBytes, PDF.length);
    assert.match(paper.sha256, /^[0-9a-f]{64}$/);
    const audit = await t.services.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', paper.id)
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['meeting_paper.uploaded'],
    );
    const first = await earliestPaperUploads(t.services.db, [meeting]);
    assert.equal(first.get(meeting)?.getTime(), paper.uploadedAt.getTime());

    const list = await agent.get(`${page}?done=uploaded`);
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes('The file was uploaded.'));
    assert.ok(list.body.includes('Budget for next year'));
    assert.ok(list.body.includes('9 days before the meeting'), 'uploaded 9 full days before');
    assert.ok(list.body.includes('How the money will be spent.'));

    const download = await agent.get(`${page}/${paper.id}`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.equal(
      download.headers['content-disposition'],
      `attachment; filename="Budgetgnp.exe.pdf"; filename*=UTF-8''Budgetgnp.exe.pdf`,
    );
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.equal(download.headers['content-security-policy'], "default-src 'none'; sandbox");
    assert.equal(download.headers['cache-control'], 'private, no-store');
    assert.ok(download.rawPayload.equals(PDF));
  });

  it('flags a paper uploaded fewer than papers_due_days before the meeting', async () => {
    const { agent } = await lead();
    const { page } = await papersPage({ days: 6.5 });
    await postUpload(t.app, agent, page, page, paperFields(), { name: 'late.pdf', data: PDF });
    const list = await agent.get(page);
    assert.ok(list.body.includes('6 days before the meeting'));
    assert.ok(list.body.includes('Later than 7 days before'));
  });

  it('accepts DOCX and ODT, decided from their bytes, whatever their names', async () => {
    const { agent } = await lead();
    const { meeting, page } = await papersPage();
    const a = await postUpload(t.app, agent, page, page, paperFields({ language: 'cy' }), {
      name: 'Agenda Gymraeg.docx',
      data: docx('Agenda'),
    });
    assert.equal(a.statusCode, 303, a.body.slice(0, 400));
    const b = await postUpload(t.app, agent, page, page, paperFields({ format: 'large_print' }), {
      name: 'Agenda.pdf',
      data: odt(),
    });
    assert.equal(b.statusCode, 303, b.body.slice(0, 400));
    const stored = await papersOf(t.services.db, meeting);
    assert.deepEqual(
      stored.map((p) => [p.mediaType, p.fileName, p.language, p.format]),
      [
        [
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          'Agenda Gymraeg.docx',
          'cy',
          'standard',
        ],
        ['application/vnd.oasis.opendocument.text', 'Agenda.odt', 'en', 'large_print'],
      ],
    );
    const download = await agent.get(`${page}/${stored[0]!.id}`);
    assert.equal(
      download.headers['content-disposition'],
      `attachment; filename="Agenda Gymraeg.docx"; filename*=UTF-8''Agenda%20Gymraeg.docx`,
    );
  });

  it('refuses bad input with clear errors and stores nothing', async () => {
    const { agent } = await lead();
    const { meeting, page } = await papersPage();
    const cases: [
      string,
      Record<string, string>,
      { name: string; data: Buffer } | undefined,
      string,
    ][] = [
      ['no file', paperFields(), undefined, 'Choose a file to upload'],
      [
        'empty',
        paperFields(),
        { name: 'a.pdf', data: Buffer.alloc(0) },
        'The file you chose is empty',
      ],
      [
        'an executable renamed .pdf',
        paperFields(),
        { name: 'agenda.pdf', data: executable() },
        'The file must be a PDF, a Word document (DOCX) or an OpenDocument text (ODT)',
      ],
      [
        'text renamed .docx',
        paperFields(),
        { name: 'agenda.docx', data: Buffer.from('just some text\n') },
        'The file must be a PDF',
      ],
      [
        'a zip that is not a document',
        paperFields(),
        { name: 'agenda.docx', data: zip([{ name: 'notes.txt', data: Buffer.from('hello') }]) },
        'The file must be a PDF',
      ],
      [
        'a DOCX zip bomb',
        paperFields(),
        { name: 'agenda.docx', data: docx('Agenda', 60 * MB) },
        'it would unpack to far more than its size',
      ],
      [
        'a damaged DOCX',
        paperFields(),
        { name: 'agenda.docx', data: docx().subarray(0, 200) },
        'The file is damaged',
      ],
      [
        'missing titles',
        paperFields({ titleEn: '', titleCy: ' ' }),
        { name: 'a.pdf', data: PDF },
        'Enter the title in Welsh',
      ],
      ['no kind', paperFields({ kind: 'other' }), { name: 'a.pdf', data: PDF }, 'Select whether'],
    ];
    for (const [label, fields, file, message] of cases) {
      const response = await postUpload(t.app, agent, page, page, fields, file);
      assert.equal(response.statusCode, 400, label);
      assert.ok(response.body.includes(message), `${label}: ${message}`);
      assert.ok(response.body.includes('govuk-error-summary'), label);
    }
    assert.equal(await count('meeting_papers', meeting), 0);
    assert.equal(await count('meeting_paper_files', meeting), 0);
  });

  it('answers in Welsh to a Welsh speaker', async () => {
    const { agent } = await lead('cy');
    const { page } = await papersPage();
    const response = await postUpload(t.app, agent, page, page, paperFields(), {
      name: 'agenda.pdf',
      data: executable(),
    });
    assert.equal(response.statusCode, 400);
    assert.ok(
      response.body.includes('Rhaid i&#39;r ffeil fod yn PDF'),
      /govuk-error-summary__list[\s\S]{0,400}/.exec(response.body)?.[0],
    );
    assert.ok(response.body.includes('lang="cy"'));
    // a summary given only in English is shown to a Welsh reader, marked as English
    await postUpload(t.app, agent, page, page, paperFields({ summaryCy: '' }), {
      name: 'agenda.pdf',
      data: PDF,
    });
    const list = await agent.get(page);
    assert.ok(list.body.includes('<span lang="en">How the money will be spent.</span>'));
    assert.ok(list.body.includes('Papurau a chofnodion'));
  });

  it('refuses a 200 MB upload while it streams, without reading it all into memory', async () => {
    const { agent } = await lead();
    const { meeting, page } = await papersPage();
    await agent.get(page);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const framing = multipartFraming(
      { _csrf: agent.csrf(), ...paperFields() },
      { name: 'huge.pdf' },
    );
    const chunk = Buffer.alloc(MB, 0x20);
    chunk.write('%PDF-1.4\n');

    /** Sends 200 MB; `declared` says its length up front, else it is chunked. */
    const send = (declared: boolean) =>
      new Promise<{ status: number; body: string; ms: number; sent: number }>((resolve, reject) => {
        const started = performance.now();
        let sent = 0;
        const total = 200 * MB;
        const request = http.request({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: page,
          headers: {
            cookie: cookieOf(agent),
            'content-type': framing.contentType,
            ...(declared
              ? { 'content-length': String(framing.head.length + total + framing.tail.length) }
              : {}),
          },
        });
        request.on('response', (response) => {
          let body = '';
          response.setEncoding('utf8').on('data', (d: string) => (body += d));
          response.on('end', () => {
            resolve({ status: response.statusCode!, body, ms: performance.now() - started, sent });
            request.destroy();
          });
        });
        request.on('error', (error) => {
          if (sent > 0) return; // the server closed the connection after answering
          reject(error);
        });
        request.write(framing.head);
        const pump = () => {
          while (sent < total && !request.destroyed) {
            sent += chunk.length;
            if (!request.write(chunk)) return void request.once('drain', pump);
          }
          if (!request.destroyed) request.end(framing.tail);
        };
        pump();
      });

    const before = process.memoryUsage();
    const chunked = await send(false);
    const after = process.memoryUsage();
    assert.equal(chunked.status, 413, chunked.body.slice(0, 300));
    assert.ok(
      chunked.body.includes('The file must be smaller than 20 MB'),
      chunked.body.slice(0, 3000),
    );
    assert.equal(chunked.sent, 200 * MB, 'the whole stream was sent');
    assert.ok(chunked.ms < 20_000, `refused in ${String(Math.round(chunked.ms))} ms`);
    const grown = (after.rss - before.rss) / MB;
    assert.ok(grown < 120, `memory grew ${grown.toFixed(0)} MB for a 200 MB upload`);
    console.log(
      `200 MB chunked upload refused in ${String(Math.round(chunked.ms))} ms; rss +${grown.toFixed(0)} MB`,
    );

    const declared = await send(true);
    assert.equal(declared.status, 413);
    assert.ok(
      declared.body.includes('The file must be smaller than 20 MB'),
      declared.body.slice(0, 3000),
    );
    assert.ok(declared.sent < 200 * MB, 'refused before the body was read');
    console.log(
      `200 MB declared upload refused in ${String(Math.round(declared.ms))} ms after ${String(declared.sent / MB)} MB sent`,
    );
    assert.equal(await count('meeting_papers', meeting), 0);
  });

  it('replaces a file, keeps the old one when the replacement is refused, and deletes', async () => {
    const { agent } = await lead();
    const { meeting, page } = await papersPage();
    await postUpload(t.app, agent, page, page, paperFields(), { name: 'v1.pdf', data: PDF });
    const [paper] = await papersOf(t.services.db, meeting);
    const replace = `${page}/${paper!.id}/replace`;

    const refused = await postUpload(
      t.app,
      agent,
      replace,
      replace,
      {},
      {
        name: 'v2.pdf',
        data: docx('x', 60 * MB),
      },
    );
    assert.equal(refused.statusCode, 400);
    assert.ok(refused.body.includes('it would unpack to far more than its size'));
    const kept = await agent.get(`${page}/${paper!.id}`);
    assert.ok(kept.rawPayload.equals(PDF), 'the old file is kept');

    const replaced = await postUpload(
      t.app,
      agent,
      replace,
      replace,
      {},
      {
        name: 'v2.docx',
        data: docx('Version 2'),
      },
    );
    assert.equal(replaced.statusCode, 303, replaced.body.slice(0, 300));
    const [after] = await papersOf(t.services.db, meeting);
    assert.equal(after!.fileName, 'v2.docx');
    assert.equal(after!.titleEn, 'Budget for next year', 'the details stay');
    const fresh = await agent.get(`${page}/${paper!.id}`);
    assert.ok(fresh.rawPayload.equals(docx('Version 2')));

    const confirm = await agent.get(`${page}/${paper!.id}/delete`);
    assert.equal(confirm.statusCode, 200);
    assert.ok(confirm.body.includes('Delete this paper?'));
    const deleted = await agent.post(`${page}/${paper!.id}/delete`);
    assert.equal(deleted.statusCode, 303);
    assert.equal(await count('meeting_papers', meeting), 0);
    assert.equal((await agent.get(`${page}/${paper!.id}`)).statusCode, 404);
    const actions = await t.services.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', paper!.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      actions.map((a) => a.action),
      ['meeting_paper.uploaded', 'meeting_paper.replaced', 'meeting_paper.deleted'],
    );
  });

  it('publishes minutes; audits reading them before; opens published minutes of open meetings to all', async () => {
    const { agent, accountId } = await lead();
    const { meeting, page } = await papersPage({
      days: -3,
      kind: 'open_meeting',
    });
    await postUpload(t.app, agent, page, page, paperFields({ kind: 'minutes' }), {
      name: 'minutes.pdf',
      data: PDF,
    });
    const [minutes] = await papersOf(t.services.db, meeting);
    const publicUrl = `/meetings/${meeting}/minutes/${minutes!.id}`;
    assert.equal((await t.app.inject({ url: publicUrl })).statusCode, 404, 'not yet published');

    // a member of staff who may only view reads the unpublished minutes: audited
    const viewer = await tree.signedIn('viewer', 'Provider A');
    const read = await viewer.agent.get(`${page}/${minutes!.id}`);
    assert.equal(read.statusCode, 200);
    const reads = await t.services.db
      .selectFrom('audit_log')
      .select(['action', 'actor_account_id'])
      .where('subject_id', '=', minutes!.id)
      .where('action', '=', 'meeting_minutes.downloaded')
      .execute();
    assert.equal(reads.length, 1);
    // ...who may not publish them
    const list = await viewer.agent.get(page);
    assert.ok(!list.body.includes('Publish these minutes'));
    assert.ok(!list.body.includes('Upload a paper or minutes'));
    assert.equal((await viewer.agent.post(`${page}/${minutes!.id}/publish`)).statusCode, 403);

    await agent.get(page);
    const published = await agent.post(`${page}/${minutes!.id}/publish`);
    assert.equal(published.statusCode, 303);
    const row = await t.services.db
      .selectFrom('meetings')
      .select('minutes_published_at')
      .where('id', '=', meeting)
      .executeTakeFirstOrThrow();
    assert.ok(row.minutes_published_at);
    const [after] = await papersOf(t.services.db, meeting);
    assert.ok(after!.publishedAt);
    const anyone = await t.app.inject({ url: publicUrl });
    assert.equal(anyone.statusCode, 200);
    assert.ok(anyone.rawPayload.equals(PDF));
    assert.match(String(anyone.headers['content-disposition']), /^attachment; /);
    // reading published minutes is not audited again
    await agent.get(`${page}/${minutes!.id}`);
    const later = await t.services.db
      .selectFrom('audit_log')
      .select('id')
      .where('subject_id', '=', minutes!.id)
      .where('action', '=', 'meeting_minutes.downloaded')
      .execute();
    assert.equal(later.length, 1);
    assert.ok(accountId);

    // deleting the only published minutes unpublishes the meeting's minutes
    await agent.get(page);
    await agent.post(`${page}/${minutes!.id}/delete`);
    const unpublished = await t.services.db
      .selectFrom('meetings')
      .select('minutes_published_at')
      .where('id', '=', meeting)
      .executeTakeFirstOrThrow();
    assert.equal(unpublished.minutes_published_at, null);
  });

  it('keeps the minutes of meetings that are not open meetings off the public address', async () => {
    const { agent } = await lead();
    const { meeting, page } = await papersPage({ days: -3 });
    await postUpload(t.app, agent, page, page, paperFields({ kind: 'minutes' }), {
      name: 'minutes.pdf',
      data: PDF,
    });
    const [minutes] = await papersOf(t.services.db, meeting);
    await agent.get(page);
    await agent.post(`${page}/${minutes!.id}/publish`);
    const anyone = await t.app.inject({ url: `/meetings/${meeting}/minutes/${minutes!.id}` });
    assert.equal(anyone.statusCode, 404);
  });

  it("answers 404 for another organisation's meeting and papers, before reading an upload", async () => {
    const { agent } = await lead();
    const theirs = await insertTestMeeting(t.services.db, tree.ids['Provider B']!);
    const other = await tree.signedIn('involvement_lead', 'Provider B');
    const page = `/meetings/${theirs}/papers`;
    await postUpload(t.app, other.agent, page, page, paperFields(), { name: 'a.pdf', data: PDF });
    const [paper] = await papersOf(t.services.db, theirs);
    assert.ok(paper);
    assert.equal((await agent.get(page)).statusCode, 404);
    assert.equal((await agent.get(`${page}/${paper.id}`)).statusCode, 404);
    const mine = await insertTestMeeting(t.services.db, tree.ids['Provider A']!);
    // their paper under my meeting's address is not found either
    assert.equal((await agent.get(`/meetings/${mine}/papers/${paper.id}`)).statusCode, 404);
    const upload = await postUpload(t.app, agent, `/meetings/${mine}/papers`, page, paperFields(), {
      name: 'a.pdf',
      data: PDF,
    });
    assert.equal(upload.statusCode, 404);
    assert.equal(await count('meeting_papers', theirs), 1);
  });
});
