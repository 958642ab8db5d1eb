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
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict({
      paths: [
        { name: 'electron', message: 'The renderer gets everything through the GramdeskApi (preload or browser bridge).' },
        ...nodePaths('The renderer runs in a sandboxed page: no Node modules.'),
      ],
      patterns: [
        folderPattern(['main', 'preload'], 'The renderer may import only renderer/ and common/: talk to main through the contract.'),
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
        patterns: [folderPattern(['main', 'preload', 'renderer'], 'common/ depends on nothing else in the app.')],
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
      patterns: [folderPattern(['main', 'renderer'], 'The preload imports only electron and common/.')],
    }),
  },
  {
    files: ['main/**'],
    rules: restrict({
      patterns: [folderPattern(['renderer', 'preload'], 'Main talks to the renderer only through the contract.')],
    }),
  },
);
