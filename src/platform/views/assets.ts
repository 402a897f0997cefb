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
  const govukFrontend = fingerprint(
    'govuk-frontend.js',
    fs.readFileSync(path.join(govukDist, 'govuk-frontend.min.js')),
  );
  const manifest: Manifest = {
    'application.css': fingerprint('application.css', css),
    'govuk-frontend.js': govukFrontend,
    // A file rather than an inline script: the CSP then needs no per-response nonce, and every
    // response can carry the same, precomputed security headers.
    // Radios that reveal a question keep the reveal but not GOV.UK Frontend's aria-expanded,
    // which ARIA does not allow on a radio (axe: aria-allowed-attr; docs/decisions/0010).
    'init.js': fingerprint(
      'init.js',
      `import { initAll, Radios } from './${govukFrontend}';
const sync = Radios.prototype.syncConditionalRevealWithInputState;
Radios.prototype.syncConditionalRevealWithInputState = function (input) {
  sync.call(this, input);
  input.removeAttribute('aria-expanded');
};
initAll();
`,
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
    // the sources, and this file (it decides what is built)
    const sources = [
      import.meta.filename,
      ...fs
        .readdirSync(path.join(import.meta.dirname, 'assets'))
        .map((file) => path.join(import.meta.dirname, 'assets', file)),
    ];
    const stale = sources.some((file) => fs.statSync(file).mtimeMs > built);
    if (!stale) return JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
  }
  return buildAssets();
}

/**
 * The CSP source for govuk-frontend's one inline script (it marks the body as js-enabled before
 * the page paints), hashed from the template itself so an upgrade cannot silently break it. With
 * it, pages need no per-response nonce.
 */
export function govukInlineScriptHash(): string {
  const template = fs.readFileSync(path.join(govukDist, 'template.njk'), 'utf8');
  const script = /<script[^>]*>([^<]+)<\/script>/.exec(template)?.[1];
  if (!script) throw new Error('govuk-frontend template.njk: inline script not found');
  return `'sha256-${crypto.createHash('sha256').update(script).digest('base64')}'`;
}
