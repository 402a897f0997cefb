import { after, before } from 'node:test';
import {
  HEADER,
  csv,
  decided as decide,
  upload as uploadFile,
  uploaded as checked,
} from './register-upload.ts';
import { startTestApp, type Agent, type TestApp } from './app.ts';
import { organisationTree } from './fixture.ts';

export { HEADER, csv };

/**
 * The import and export tests' app: a region with providers A to E, signed-in staff, and the
 * upload → check → decide steps through the routes. Call inside a describe block.
 */
export function transferSuite(label = 'transfer', name = 'Transfer tester') {
  const suite = { t: undefined as unknown as TestApp };
  const tree = organisationTree(() => suite.t, label, name);
  before(async () => {
    suite.t = await startTestApp();
    await tree.add('Region');
    for (const provider of ['A', 'B', 'C', 'D', 'E'])
      await tree.add(`Provider ${provider}`, 'Region');
  });
  after(() => suite.t.close());
  const upload = (agent: Agent, organisationId: string, fileName: string, data: Buffer) =>
    uploadFile(suite.t.app, agent, organisationId, fileName, data);
  return {
    get t() {
      return suite.t;
    },
    org: tree.org,
    signedIn: tree.signedIn,
    upload,
    uploaded: (response: Awaited<ReturnType<typeof upload>>) =>
      checked(suite.t.services.db, response),
    /** Uploads a CSV file of these lines; its import's id once it has been checked. */
    uploadedCsv: async (agent: Agent, organisationId: string, fileName: string, lines: string[]) =>
      checked(suite.t.services.db, await upload(agent, organisationId, fileName, csv(lines))),
    decided: (agent: Agent, id: string, form: Record<string, string>) =>
      decide(suite.t.services.db, agent, id, form),
    peopleAt: (organisationId: string) =>
      suite.t.services.db
        .selectFrom('people')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy('display_name')
        .execute(),
  };
}
