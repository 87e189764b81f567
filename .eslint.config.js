// Lint rules for the whole tree (run by `npm run lint`, and by .ci/run). Formatting is Prettier's job.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.tools/**', 'test/artifacts/**', 'test/fixtures/clients/**'] },
  js.configs.recommended,
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: globals.node } },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Workflow code is replayed by Temporal: no I/O, no clocks or randomness of its own.
    files: ['workflows/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow code must stay deterministic: no Node built-ins.',
          })),
          patterns: [
            {
              group: ['**/activities/*', '!**/activities/index.ts'],
              message: 'Import activities as types only, through their face.',
            },
          ],
        },
      ],
      // Date.now is workflow time here (the SDK's sandbox replays it); randomness comes from the SDK's uuid4 or a plan's hash.
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message:
            "Workflow code draws nothing at random: use the plan's sticky hash, or uuid4 from @temporalio/workflow.",
        },
      ],
    },
  },
  prettier,
);
