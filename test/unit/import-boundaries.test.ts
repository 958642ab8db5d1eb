// The lint rule that keeps the local server and the tests out of what ships: run ESLint itself
// on stray imports, as they would be written in each place, and see which are refused.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function refusals(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('who may load the local server and the tests', () => {
  it('refuses the server in app code, statically and with import()', async () => {
    const stat = await refusals('main/login/stray.ts', "import { startLocalServer } from '../../server/local-server';\nvoid startLocalServer;\n");
    const dyn = await refusals('main/stray.ts', "export const load = () => import('../server/local-server');\n");
    expect(stat).toEqual([expect.stringContaining('Only the demo entry point')]);
    expect(dyn).toEqual([expect.stringContaining('Only the demo entry point')]);
  });

  it('refuses test/ outside test/, in main, the renderer, bench and the server', async () => {
    for (const file of ['main/stray.ts', 'renderer/src/stray.ts', 'bench/stray.ts', 'server/api/stray.ts', 'scripts/stray.ts']) {
      const depth = file.split('/').length - 1;
      const up = '../'.repeat(depth);
      expect(await refusals(file, `import { x } from '${up}test/support/secret-service';\nvoid x;\n`), file).toEqual([
        expect.stringContaining('Nothing outside test/'),
      ]);
    }
  });

  it('lets the demo entry point, tests, bench and scripts load the server', async () => {
    expect(await refusals('main/demo/demo-server.ts', "import { startLocalServer } from '../../server/local-server';\nvoid startLocalServer;\n")).toEqual([]);
    expect(await refusals('test/e2e/stray.ts', "import { startLocalServer } from '../../server/local-server';\nvoid startLocalServer;\n")).toEqual([]);
    expect(await refusals('bench/stray.ts', "import { startLocalServer } from '../server/local-server';\nvoid startLocalServer;\n")).toEqual([]);
    expect(await refusals('server/test/stray.ts', "import { x } from '../../test/support/secret-service';\nvoid x;\n")).toEqual([]);
  });

  it('does not mistake a package named like a folder for the folder', async () => {
    expect(await refusals('main/stray.ts', "import { test } from '@playwright/test';\nvoid test;\n")).toEqual([]);
  });
});
