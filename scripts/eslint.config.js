// ESLint flat config for the whole workspace (kept in scripts/ so the top level stays as the
// layout rules say). Type-aware rules catch the bugs that matter here: floating promises in
// worker and network code, and unsafe `any` flowing across message boundaries.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/build/**',
      'test-results/**',
      'playwright-report/**',
      'bench-results/**',
      '**/public/**',
      '**/.generated/**',
      // Emscripten glue copied in by scripts/pack-speech-runtime.mjs when the package is packed (gitignored).
      'packages/speech/runtime/**',
      '**/.wrangler/**',
      '**/*.d.mts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vite.config.ts'] },
        tsconfigRootDir: new URL('..', import.meta.url).pathname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': 'error',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      // Plain .mjs files here are Node scripts (setup, servers, build steps).
      globals: globals.node,
    },
  },
  {
    // Scripts a service worker imports (apps/*/service-worker/).
    files: ['apps/*/service-worker/**/*.js'],
    languageOptions: { globals: globals.serviceworker },
  },
);
