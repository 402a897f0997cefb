import path from 'node:path';
import { z } from 'zod';

/** Every setting Cyd reads from the environment. Documented in README.md (Configuration). */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    PUBLIC_URL: z.url().optional(),
    DATA_DIR: z.string().default('./data'),
    DATABASE_URL: z.string().optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    ENCRYPTION_KEY: z
      .string()
      .regex(/^[0-9a-f]{64}$/i, 'ENCRYPTION_KEY must be 64 hex characters (32 bytes)')
      .optional(),
    DEMO_PASSWORD: z.string().min(8).default('cyd-demo-2026'),
    SEED_DEMO: z.enum(['true', 'false']).optional(),
    NOTIFIER: z.enum(['outbox', 'smtp', 'notify']).default('outbox'),
    SMTP_URL: z.string().optional(),
    SMTP_FROM: z.string().default('Cyd <no-reply@cyd.example>'),
    NOTIFY_API_KEY: z.string().optional(),
    NOTIFY_BASE_URL: z.url().default('https://api.notifications.service.gov.uk'),
    NOTIFY_EMAIL_TEMPLATE_ID: z.string().optional(),
    NOTIFY_SMS_TEMPLATE_ID: z.string().optional(),
    NOTIFY_LETTER_TEMPLATE_ID: z.string().optional(),
    NOTIFY_RECEIVED_TEXT_TOKEN: z.string().min(10).optional(),
    NOTIFY_TEXT_NUMBER: z
      .string()
      .regex(/^\+?[0-9][0-9 ]{5,19}$/)
      .optional(),
    SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
    EXPOSE_QUERY_COUNT: z.enum(['true', 'false']).default('false'),
    TEMPLATE_RELOAD: z.enum(['true', 'false']).default('false'),
    PAPER_MAX_MB: z.coerce.number().int().min(1).max(200).default(20),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    const require = (key: keyof typeof env, why: string) => {
      if (!env[key])
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${key} is required in production: ${why}`,
        });
    };
    require('DATABASE_URL', 'production runs on native PostgreSQL');
    require('ENCRYPTION_KEY', 'personal contact details are encrypted at rest');
    require('PUBLIC_URL', 'links in e-mails must point at the real service');
    if (env.NOTIFIER === 'smtp') require('SMTP_URL', 'NOTIFIER=smtp');
    if (env.NOTIFIER === 'notify') require('NOTIFY_API_KEY', 'NOTIFIER=notify');
    if (env.NOTIFIER === 'notify')
      require('NOTIFY_EMAIL_TEMPLATE_ID', 'NOTIFIER=notify sends staff e-mails through it');
  });

export type Env = z.infer<typeof schema>;

export function loadConfig(source: NodeJS.ProcessEnv = process.env) {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  return {
    env: env.NODE_ENV,
    production,
    port: env.PORT,
    host: env.HOST,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    /** Whether PUBLIC_URL was set: addresses printed for people then use it, not the listener's. */
    publicUrlSet: env.PUBLIC_URL !== undefined,
    /** `memory://`: a throwaway temporary data directory, removed on close (tests, demos). */
    dataDir: env.DATA_DIR.startsWith('memory://') ? env.DATA_DIR : path.resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    logLevel: env.LOG_LEVEL,
    /** 32-byte key for AES-256-GCM; a fixed development key outside production. */
    encryptionKey: Buffer.from(
      env.ENCRYPTION_KEY ?? '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
      'hex',
    ),
    demoPassword: env.DEMO_PASSWORD,
    seedDemo: env.SEED_DEMO ? env.SEED_DEMO === 'true' : !production,
    notifier: env.NOTIFIER,
    smtp: { url: env.SMTP_URL, from: env.SMTP_FROM },
    notify: {
      apiKey: env.NOTIFY_API_KEY,
      baseUrl: env.NOTIFY_BASE_URL,
      emailTemplateId: env.NOTIFY_EMAIL_TEMPLATE_ID,
      smsTemplateId: env.NOTIFY_SMS_TEMPLATE_ID,
      letterTemplateId: env.NOTIFY_LETTER_TEMPLATE_ID,
      /** The bearer token Notify sends with received texts (POST /notify/received-text); unset: off. */
      receivedTextToken: env.NOTIFY_RECEIVED_TEXT_TOKEN,
      /** The number people text (Notify's received-text number), printed on "tell us" posters. */
      textNumber: env.NOTIFY_TEXT_NUMBER,
    },
    session: {
      idleMs: env.SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000,
    },
    exposeQueryCount: env.EXPOSE_QUERY_COUNT === 'true',
    /** Re-read templates on every request (development only: slow). */
    templateReload: env.TEMPLATE_RELOAD === 'true' && !production,
    /** The largest meeting paper accepted, in bytes (refused while it streams in). */
    paperMaxBytes: env.PAPER_MAX_MB * 1024 * 1024,
  };
}

export type Config = ReturnType<typeof loadConfig>;

/**
 * The address to print for people to open (the demo sign-in link): PUBLIC_URL when it is set
 * (behind a proxy or on a server, the listener's own address is not what people reach),
 * otherwise where the server listens.
 */
export function addressForPeople(
  config: Pick<Config, 'publicUrl' | 'publicUrlSet'>,
  listening: string,
): string {
  return (config.publicUrlSet ? config.publicUrl : listening).replace(/\/+$/, '');
}
