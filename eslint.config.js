// @ts-check
import fs from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Boundaries (docs/architecture.md): the platform knows no feature; a capability reaches another
 * only through its public index.ts (`#features/<capability>`); src never imports test code. The
 * capabilities are the folders of src/features, so a new one is covered without editing this file.
 */
const capabilities = fs
  .readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const noTestCode = {
  regex: '^#test/|(^|/)test/support/',
  message: 'src/ never imports test code: put shared set-up in test/support and use it from tests.',
};
const platformByAlias = {
  regex: '^(\\.\\./)+(\\.\\./)?platform/',
  message: 'Import the platform as #platform/… (relative paths are for files of one capability).',
};

const crossing = (capability) => [
  {
    regex: `^(\\.\\./)+(${capabilities.filter((c) => c !== capability).join('|')})/`,
    message: 'Another capability is reached only through its index.ts: #features/<name>.',
  },
  {
    regex: '^#app/features/',
    message: 'Another capability is reached only through its index.ts: #features/<name>.',
  },
  {
    regex: `^#features/${capability}$`,
    message: 'Inside a capability, import its files directly (relative paths).',
  },
  platformByAlias,
];
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const compositionRoot = {
  regex: '^#app/(modules|services)\\.ts$',
  message: 'Only the composition root (and tests) read src/modules.ts and build services.',
};

// Per capability: its code may not cross into another; its tests may build the whole app.
const capabilityBoundaries = capabilities.flatMap((capability) => [
  {
    files: [`src/features/${capability}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: restrict([...crossing(capability), compositionRoot, noTestCode]),
  },
  { files: [`src/features/${capability}/**/*.test.ts`], rules: restrict(crossing(capability)) },
]);

const platformFeature = [
  {
    regex: '^(#features/|#app/features/)',
    message: 'The platform knows no feature: take what you need as a parameter or a hook.',
  },
  {
    regex: '^(\\.\\./)+features/',
    message: 'The platform knows no feature: take what you need as a parameter or a hook.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'public/build/', 'scripts/*.mjs', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/platform/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict([...platformFeature, compositionRoot, noTestCode]),
  },
  { files: ['src/platform/**/*.test.ts'], rules: restrict(platformFeature) },
  ...capabilityBoundaries,
  {
    files: ['src/**/*.ts'],
    ignores: [
      'src/**/*.test.ts',
      'src/platform/**',
      ...capabilities.map((c) => `src/features/${c}/**`),
    ],
    rules: restrict([noTestCode]),
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
);
