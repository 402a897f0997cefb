/** `npm run build:assets`: compiles the Sass and fingerprints the assets into public/build. */
import { buildAssets } from '#platform/views/assets.ts';

const manifest = await buildAssets();
process.stdout.write(`Built ${Object.keys(manifest).length} assets:\n`);
for (const [name, file] of Object.entries(manifest)) process.stdout.write(`  ${name} → ${file}\n`);
