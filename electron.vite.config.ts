// One build for the three places Gramdesk's code runs. `npm run build` (electron-vite build)
// writes out/main, out/preload and out/renderer; browser mode serves out/renderer as it is.
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type UserConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { checkApiCredentials } from './common/api-credentials';

const root = import.meta.dirname;

/**
 * `electron-vite dev` only: the dev server injects styles as <style> elements and talks to its
 * HMR socket, which the production CSP (renderer/index.html) forbids. Builds keep the strict one.
 */
const devServerCsp: Plugin = {
  name: 'gramdesk:dev-server-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html
      .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
      .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*"),
};

/**
 * API credentials an installed build carries (`GRAMDESK_BUILD_API_ID=… GRAMDESK_BUILD_API_HASH=…
 * npm run dist`), checked by the app's own rule; without them the first start offers the choice.
 */
function buildCredentials(): { apiId: string; apiHash: string } | null {
  const apiId = process.env.GRAMDESK_BUILD_API_ID?.trim() ?? '';
  const apiHash = process.env.GRAMDESK_BUILD_API_HASH?.trim() ?? '';
  if (apiId === '' && apiHash === '') return null;
  const checked = checkApiCredentials(apiId, apiHash);
  if (!checked.ok) {
    throw new Error(
      `GRAMDESK_BUILD_API_ID and GRAMDESK_BUILD_API_HASH must both be set, to the number and the 32-character hex hash from my.telegram.org (${[
        checked.apiId && `API ID: ${checked.apiId}`,
        checked.apiHash && `API hash: ${checked.apiHash}`,
      ]
        .filter(Boolean)
        .join(', ')})`,
    );
  }
  return { apiId: String(checked.apiId), apiHash: checked.apiHash };
}

const config: UserConfig = {
  main: {
    define: { __GRAMDESK_BUILD_CREDENTIALS__: JSON.stringify(buildCredentials()) },
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        // The Electron shell, and browser mode's entry: `npm start` runs the built one with plain
        // Node, which starts far sooner than compiling the sources on the fly.
        input: {
          index: resolve(root, 'main/index.ts'),
          'browser-mode': resolve(root, 'main/browser-mode/start-browser-mode.ts'),
        },
        // CommonJS, so Node resolves gramjs' deep imports (telegram/network, telegram/Password ...)
        // as its own require() does: the package has no "exports" map for ESM resolution.
        output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload can't `require` anything but a few Electron modules, so everything
      // it uses (the contract, valibot) is bundled into this one file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        // Sandboxed preloads can't be ES modules; package.json says "type": "module", hence .cjs.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [svelte({ configFile: resolve(root, 'svelte.config.js') }), devServerCsp],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      // Browser mode sends these files over HTTP and the bench reports their gzipped size.
      minify: true,
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
        // A language's rare-screen words get a name apart from its main words (both files are
        // called after the language), so the bench can tell what a language switch fetches.
        output: {
          chunkFileNames: (chunk) =>
            chunk.facadeModuleId?.includes('/i18n/rare-screens/') ? 'assets/rare-screens-[name]-[hash].js' : 'assets/[name]-[hash].js',
        },
      },
    },
  },
};

/**
 * `npm start` rebuilds only the parts whose inputs changed (scripts/app-build.mjs) and names them
 * in GRAMDESK_BUILD_PARTS; electron-vite builds only the parts the config has. Unset: all three.
 */
const wanted = process.env.GRAMDESK_BUILD_PARTS?.split(',').filter((part) => part in config);
export default defineConfig(
  wanted?.length
    ? (Object.fromEntries(Object.entries(config).filter(([part]) => wanted.includes(part))) as UserConfig)
    : config,
);
