// The packaged app's Electron fuses, read back from the binary `npm run dist` wrote (dist/), as
// electron-builder.yml states them. Skips where no packaged app is there (CI runs dist first).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { expect, test } from '@playwright/test';
import { root } from './electron-launch';

const packagedBinary = [
  join(root, 'dist', 'linux-unpacked', 'gramdesk'),
  join(root, 'dist', 'win-unpacked', 'Gramdesk.exe'),
  join(root, 'dist', 'mac', 'Gramdesk.app', 'Contents', 'MacOS', 'Gramdesk'),
  join(root, 'dist', 'mac-arm64', 'Gramdesk.app', 'Contents', 'MacOS', 'Gramdesk'),
].find((path) => existsSync(path));

/** The bytes a fuse wire holds (@electron/fuses' FuseState, which it doesn't export): '0' off, '1' on. */
const FuseState = { DISABLE: 48, ENABLE: 49 } as const;

test.skip(packagedBinary === undefined, 'no packaged app in dist/ (npm run dist builds one, where Electron can be had)');

test('the packaged app’s fuses: RunAsNode, NODE_OPTIONS, --inspect and file:// privileges off; cookie encryption, ASAR integrity and ASAR-only on', async () => {
  const wire = await getCurrentFuseWire(packagedBinary!);
  const state = (option: FuseV1Options): number | undefined => wire[option];
  // A build for tests (GRAMDESK_TEST_BUILD=1) differs in the inspect fuse alone.
  const inspect: number = process.env.GRAMDESK_TEST_BUILD === '1' ? FuseState.ENABLE : FuseState.DISABLE;
  expect({
    runAsNode: state(FuseV1Options.RunAsNode),
    cookieEncryption: state(FuseV1Options.EnableCookieEncryption),
    nodeOptions: state(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
    inspect: state(FuseV1Options.EnableNodeCliInspectArguments),
    asarIntegrity: state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
    onlyAsar: state(FuseV1Options.OnlyLoadAppFromAsar),
    fileProtocolPrivileges: state(FuseV1Options.GrantFileProtocolExtraPrivileges),
  }).toEqual({
    runAsNode: FuseState.DISABLE,
    cookieEncryption: FuseState.ENABLE,
    nodeOptions: FuseState.DISABLE,
    inspect,
    asarIntegrity: FuseState.ENABLE,
    onlyAsar: FuseState.ENABLE,
    fileProtocolPrivileges: FuseState.DISABLE,
  });
});
