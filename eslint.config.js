// Lint for the whole repository. Besides the recommended rules, it keeps the layers apart:
// the renderer can't reach main, preload or Node; common stays free of Node, Electron and the
// DOM; the preload can't reach main or the renderer; main can't reach the renderer.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const nodeModules = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

/** `import ... from '<anything>/<folder>/...'` for the named top-level folders. */
const folderPattern = (folders, message) => ({
  regex: `(^|/)(${folders.join('|')})(/|$)`,
  message,
});

const restrict = ({ paths = [], patterns = [] }) => ({
  'no-restricted-imports': ['error', { paths, patterns }],
});

const nodePaths = (why) => nodeModules.map((name) => ({ name, message: why }));

// Who may load what. The local server (server/) is a product feature only as the offline demo,
// so besides its own folder only the demo's entry point, the tests, the bench and the dev scripts
// load it; test/ is loaded by nothing outside test/. Both rules cover import() too, since the
// demo's server is deliberately loaded with a dynamic import.
const SERVER_USERS = ['server/**', 'main/demo/demo-server.ts', 'test/**', 'bench/**', 'scripts/**'];
/** A relative import that climbs into the named top-level folder ('../../server/...'). */
const climbPattern = (folder, message) => ({ regex: `^(\\.{1,2}/)+${folder}(/|$)`, message });
const serverImport = climbPattern(
  'server',
  'Only the demo entry point (main/demo/demo-server.ts), tests, bench and scripts load the local server.',
);
const testImport = climbPattern('test', 'Nothing outside test/ imports from test/.');
/** The layer rules of each folder below also state who may load server/ and test/ (one rule each file). */
const notServerUser = [serverImport, testImport];
const dynamicImportOf = ({ regex, message }) => ({
  selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\/')}/]`,
  message,
});

export default ts.config(
  {
    ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'playwright-report/', '.cache/'],
  },
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { extraFileExtensions: ['.svelte'] },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: ts.parser, projectService: false, svelteConfig },
    },
  },
  {
    files: ['**/*.{ts,js,mjs,svelte}'],
    ignores: SERVER_USERS,
    rules: {
      ...restrict({ patterns: [serverImport, testImport] }),
      'no-restricted-syntax': ['error', dynamicImportOf(serverImport), dynamicImportOf(testImport)],
    },
  },
  {
    files: ['server/**', 'bench/**', 'scripts/**', 'main/demo/demo-server.ts'],
    ignores: ['server/test/**'],
    rules: {
      ...restrict({ patterns: [testImport] }),
      'no-restricted-syntax': ['error', dynamicImportOf(testImport)],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict({
      paths: [
        { name: 'electron', message: 'The renderer gets everything through the GramdeskApi (preload or browser bridge).' },
        ...nodePaths('The renderer runs in a sandboxed page: no Node modules.'),
      ],
      patterns: [
        folderPattern(['main', 'preload'], 'The renderer may import only renderer/ and common/: talk to main through the contract.'),
        ...notServerUser,
      ],
    }),
  },
  {
    files: ['common/**'],
    rules: {
      ...restrict({
        paths: [
          { name: 'electron', message: 'common/ runs everywhere: no Electron.' },
          ...nodePaths('common/ runs in the renderer too: no Node modules.'),
        ],
        patterns: [folderPattern(['main', 'preload', 'renderer'], 'common/ depends on nothing else in the app.'), ...notServerUser],
      }),
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'process', 'Buffer', '__dirname'].map(
          (name) => ({ name, message: 'common/ touches neither the DOM nor Node.' }),
        ),
      ],
    },
  },
  {
    files: ['preload/**'],
    rules: restrict({
      patterns: [folderPattern(['main', 'renderer'], 'The preload imports only electron and common/.'), ...notServerUser],
    }),
  },
  {
    files: ['main/**'],
    rules: restrict({
      patterns: [folderPattern(['renderer', 'preload'], 'Main talks to the renderer only through the contract.'), ...notServerUser],
    }),
  },
  {
    files: ['main/demo/demo-server.ts'],
    rules: restrict({
      patterns: [folderPattern(['renderer', 'preload'], 'Main talks to the renderer only through the contract.'), testImport],
    }),
  },
);
