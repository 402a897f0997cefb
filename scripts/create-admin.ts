/**
 * `npm run admin:create -- --email <address> --name "<full name>" [--language cy]`
 *
 * Creates (or promotes) the first platform administrator of a real deployment and prints a
 * one-time invitation link to set the password (valid for 7 days). MFA is required for the
 * account: it is set up straight after the password. Run it where the app's configuration
 * (DATABASE_URL, PUBLIC_URL, ENCRYPTION_KEY) is set; on the embedded database, stop the
 * server first (the data directory allows one process).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '#app/config.ts';
import { buildServices } from '#app/services.ts';

const usage =
  'Usage: npm run admin:create -- --email <address> --name "<full name>" [--language en|cy]\n';

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    language: { type: 'string', default: 'en' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
if (values.help) {
  process.stdout.write(usage);
  process.exit(0);
}

const input = z
  .object({
    email: z.string().trim().toLowerCase().max(320).pipe(z.email()),
    name: z.string().trim().min(1).max(200),
    language: z.enum(['en', 'cy']),
  })
  .safeParse(values);
if (!input.success) {
  const fields = input.error.issues.map((issue) => issue.path.join('.')).join(', ');
  process.stderr.write(`Missing or invalid: ${fields}\n${usage}`);
  process.exit(2);
}

const config = loadConfig();
const services = await buildServices(config);
try {
  const result = await services.accounts.createPlatformAdmin(input.data);
  const lines = [
    result.created
      ? `Created platform administrator ${input.data.email}.`
      : `${input.data.email} already had an account; it is now a platform administrator.`,
  ];
  if (result.disabled)
    lines.push('Warning: the account is disabled. Re-enable it before it can be used.');
  if (result.link) {
    lines.push(
      '',
      'Send this one-time link to them over a channel you trust. It works once, for 7 days:',
      '',
      `  ${result.link}`,
      '',
      'They will choose a password, then set up two-factor authentication.',
    );
  } else {
    lines.push(
      'It already has a password: sign in at /sign-in (two-factor authentication is required).',
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await services.close();
}
