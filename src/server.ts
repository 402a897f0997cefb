import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { buildServices } from './services.ts';

/** Starts Cyd: migrate, seed demo data on first run, listen, and shut down cleanly on SIGTERM. */
async function main() {
  const started = Date.now();
  const config = loadConfig();
  const services = await buildServices(config);
  const app = await createApp(services);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await services.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const address = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${app.server.address() && typeof app.server.address() === 'object' ? (app.server.address() as { port: number }).port : config.port}`;
  app.log.info({ ms: Date.now() - started, engine: services.database.engine }, 'Cyd is ready');
  process.stdout.write(`\nCyd is running at ${address} (${services.database.engine})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
