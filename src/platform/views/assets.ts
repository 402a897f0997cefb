import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const rootDir = path.resolve(import.meta.dirname, '../../..');
export const buildDir = path.join(rootDir, 'public/build');
const manifestPath = path.join(buildDir, 'manifest.json');
const govukDist = path.join(rootDir, 'node_modules/govuk-frontend/dist/govuk');

export type Manifest = Record<string, string>;

function fingerprint(name: string, content: Buffer | string) {
  const hash = crypto.createHash('sha256').update(content).digest('hex').slice(0, 12);
  const ext = path.extname(name);
  const file = `${path.basename(name, ext)}.${hash}${ext}`;
  fs.writeFileSync(path.join(buildDir, file), content);
  return file;
}

/** Compiles the Sass and copies the scripts and icons into public/build with hashed names. */
export async function buildAssets(): Promise<Manifest> {
  // sass is large (~50 MB in memory): load it only when the assets need building
  const sass = await import('sass');
  fs.rmSync(buildDir, { recursive: true, force: true });
  fs.mkdirSync(buildDir, { recursive: true });
  const css = sass.compile(path.join(import.meta.dirname, 'assets/application.scss'), {
    style: 'compressed',
    importers: [new sass.NodePackageImporter(rootDir)],
    silenceDeprecations: ['import'],
  }).css;
  const manifest: Manifest = {
    'application.css': fingerprint('application.css', css),
    'govuk-frontend.js': fingerprint(
      'govuk-frontend.js',
      fs.readFileSync(path.join(govukDist, 'govuk-frontend.min.js')),
    ),
    'favicon.svg': fingerprint(
      'favicon.svg',
      fs.readFileSync(path.join(import.meta.dirname, 'assets/favicon.svg')),
    ),
  };
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return manifest;
}

/** The manifest, building the assets first when they are missing or older than their sources. */
export async function loadManifest(): Promise<Manifest> {
  if (fs.existsSync(manifestPath)) {
    const built = fs.statSync(manifestPath).mtimeMs;
    const sources = fs.readdirSync(path.join(import.meta.dirname, 'assets'));
    const stale = sources.some(
      (file) => fs.statSync(path.join(import.meta.dirname, 'assets', file)).mtimeMs > built,
    );
    if (!stale) return JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
  }
  return buildAssets();
}
