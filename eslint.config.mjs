// ESLint (flat config): type-aware typescript-eslint rules, import cycles, and the determinism rules for workflow code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.data/',
      '.tools/',
      'coverage/',
      'bench/results/',
      'web/dist/',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O modules, no clocks or
    // randomness outside the workflow API (use workflow time, sleep and uuid4 from @temporalio/workflow).
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow code may not use Node built-ins.' })),
          patterns: [
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'],
              message: 'Workflows import only @temporalio/workflow (and types).',
              allowTypeImports: true,
            },
            {
              group: [
                '../activities',
                '../activities/*',
                '../db',
                '../db/*',
                '../api',
                '../api/*',
                '../services',
                '../services/*',
                '../amc/*',
                '../amazon/*',
                '../temporal/*',
                '../config',
              ],
              message: 'Workflows import activity/service types only; I/O lives in activities.',
              allowTypeImports: true,
            },
            {
              group: ['pg', 'knex', 'pino', 'express', 'tweetnacl', 'node-fetch', 'undici'],
              message: 'No I/O libraries in workflow code.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Workflow code may not read the process environment.' },
        { name: 'fetch', message: 'I/O belongs in activities.' },
        { name: 'setInterval', message: 'Use sleep() / condition() from @temporalio/workflow.' },
        { name: 'crypto', message: 'Use uuid4() from @temporalio/workflow.' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'Non-deterministic: derive randomness from workflow state or uuid4().',
        },
      ],
    },
  },
  prettier,
);
