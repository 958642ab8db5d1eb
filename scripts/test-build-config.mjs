// The electron-builder config of a build made for the Electron specs: electron-builder.yml with
// only the CLI-inspect fuse turned back on (Playwright drives the app through it), as Signal and
// Element build theirs. electron-builder deep-merges a config over the one it `extends`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const testBuildConfigFile = join(root, 'out', 'electron-builder.test-build.json');

export function writeTestBuildConfig() {
  mkdirSync(dirname(testBuildConfigFile), { recursive: true });
  const config = {
    extends: join(root, 'electron-builder.yml'),
    electronFuses: { enableNodeCliInspectArguments: true },
  };
  writeFileSync(testBuildConfigFile, `${JSON.stringify(config, null, 2)}\n`);
  return testBuildConfigFile;
}
