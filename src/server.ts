import { createApp } from '#app/app.ts';
import { addressForPeople, loadConfig, type Config } from '#app/config.ts';
import {
  demoSignInMessage,
  hasDemo,
  seedDemoOnFirstRun,
} from '#app/features/admin/organisations/seed-demo.ts';
import { buildServices, type Services } from '#app/services.ts';
import { isDatabaseUnavailable } from '#platform/http/errors.ts';

/** Starts Cyd: migrate, seed demo data on first run, listen, and shut down cleanly on SIGTERM. */
async function main() {
  const started = Date.now();
  const config = loadConfig();
  const services = await buildServices(config);
  try {
    await serve(config, services, started);
  } catch (error) {
    await services.close().catch(() => undefined); // stops the embedded database server
    throw error;
  }
}

async function serve(config: Config, services: Services, started: number) {
  // first run: demo data to try Cyd with (never in production unless SEED_DEMO=true)
  const seeded = config.seedDemo ? await seedDemoOnFirstRun(services) : false;
  const demo = seeded || (config.seedDemo && (await hasDemo(services)));
  const app = await createApp(services);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await app.close(); // stop accepting requests, finish the ones in flight
      await services.jobs.stop(); // stop taking jobs, wait (a while) for running ones
      await services.close(); // close the database, releasing the data directory lock
    } catch (error) {
      app.log.error(
        { error: error instanceof Error ? error.message : String(error) },
        'unclean shutdown',
      );
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: config.port, host: config.host }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new Error(
      `Port ${config.port} on ${config.host} is in use by another program: stop it, or set PORT.`,
    );
  });
  if (!stopping) await services.jobs.start();
  const address = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${app.server.address() && typeof app.server.address() === 'object' ? (app.server.address() as { port: number }).port : config.port}`;
  app.log.info({ ms: Date.now() - started, engine: services.database.engine }, 'Cyd is ready');
  process.stdout.write(`\nCyd is running at ${address} (${services.database.engine})\n`);
  if (seeded)
    process.stdout.write(demoSignInMessage(addressForPeople(config, address), config.demoPassword));
  else if (demo)
    process.stdout.write(
      'Demo staff sign in as <role>@demo.example (`npm run seed:demo` resets the demo).\n',
    );
}

// pg-boss 10 completes and fails jobs without awaiting the result (its manager.js), so with the
// database gone those writes reject with no handler. That is an outage, which /readyz and the 503
// page report and which ends when the database is back: not a reason to exit with a stack trace.
process.on('unhandledRejection', (reason) => {
  if (!isDatabaseUnavailable(reason)) throw reason;
  process.stderr.write('The database did not answer a background job (it is unavailable).\n');
});

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
