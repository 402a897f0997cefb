import { after, before } from 'node:test';
import { seedDemo } from '#features/admin';
import { startTestApp, type TestApp } from './app.ts';
import { signedInAs } from './fixture.ts';

/**
 * The demo tests' app: the demo seeded twice (a reset and a second seed must leave no duplicates
 * and nothing over), and demo staff signed in by address. Call inside a describe block.
 */
export function demoSuite() {
  const suite = { t: undefined as unknown as TestApp };
  before(async () => {
    suite.t = await startTestApp({ DEMO_PASSWORD: 'demo-test-password' });
    await seedDemo(suite.t.services);
    await seedDemo(suite.t.services);
  });
  after(() => suite.t.close());
  return {
    get t() {
      return suite.t;
    },
    /** A demo member of staff (e.g. `organisation-admin@demo.example`), signed in. */
    async signedInDemo(email: string) {
      const account = await suite.t.services.db
        .selectFrom('accounts')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      return signedInAs(suite.t, account.id);
    },
  };
}
