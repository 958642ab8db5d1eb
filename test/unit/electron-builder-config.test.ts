// What the installers are made of (electron-builder.yml), read as electron-builder reads it:
// every Electron fuse stated (none left to Electron's default, which leaves RunAsNode,
// NODE_OPTIONS and --inspect on), the targets per OS, macOS hardening and notarization, the
// keychain dependency on Linux, keytar loadable outside app.asar.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeTestBuildConfig } from '../../scripts/test-build-config.mjs';

const root = join(import.meta.dirname, '..', '..');
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));

/** electron-builder's target entries as { target, arch[] }, whichever way each is written. */
function targets(platform: 'win' | 'mac' | 'linux'): Record<string, string[]> {
  const list: unknown[] = config[platform]?.target ?? [];
  return Object.fromEntries(
    list.map((entry) =>
      typeof entry === 'string' ? [entry, []] : [(entry as { target: string }).target, (entry as { arch?: string[] }).arch ?? []],
    ),
  );
}

describe('electron-builder.yml', () => {
  it('states every fuse electron-builder knows, each set the secure way', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('leaves out no fuse of the installed electron-builder', () => {
    // The type electron-builder checks its config against: a fuse added there must be stated here.
    const types = readFileSync(join(root, 'node_modules', 'app-builder-lib', 'out', 'configuration.d.ts'), 'utf8');
    const block = /export interface FuseOptionsV1 \{([\s\S]*?)\n\}/.exec(types)?.[1] ?? '';
    const fuses = [...block.matchAll(/^\s{4}(\w+)\?: boolean;/gm)].map((m) => m[1]).filter((f) => f !== 'resetAdHocDarwinSignature');
    expect(fuses.length).toBeGreaterThanOrEqual(8);
    expect(Object.keys(config.electronFuses).sort()).toEqual(fuses.sort());
  });

  it('Windows: nsis for x64 and arm64', () => {
    expect(targets('win')).toEqual({ nsis: ['x64', 'arm64'] });
  });

  it('macOS: dmg and zip for x64 and arm64, hardened runtime, entitlements on disk, notarized when credentials exist', () => {
    expect(targets('mac')).toEqual({ dmg: ['x64', 'arm64'], zip: ['x64', 'arm64'] });
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.notarize).toBe(true);
    for (const key of ['entitlements', 'entitlementsInherit']) {
      const plist = readFileSync(join(root, config.mac[key]), 'utf8');
      expect(plist).toMatch('<key>com.apple.security.cs.allow-jit</key>');
      // Nothing that would let another library or a debugger into the process.
      expect(plist).not.toMatch(/disable-library-validation|allow-dyld-environment-variables|get-task-allow/);
    }
  });

  it('Linux: AppImage, deb and rpm, each package depending on libsecret (the keychain)', () => {
    expect(Object.keys(targets('linux')).sort()).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config.deb.depends).toContain('libsecret-1-0');
    expect(config.rpm.depends).toContain('libsecret');
    // `depends` replaces electron-builder's list: Electron's own libraries must still be there.
    expect(config.deb.depends).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3']));
    expect(config.rpm.depends).toEqual(expect.arrayContaining(['gtk3', 'nss']));
  });

  it('packs the app into app.asar with keytar’s native module unpacked beside it', () => {
    expect(config.asar).not.toBe(false);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/keytar/**', '**/*.node']));
    expect(config.files).toContain('out/**/*');
    expect(existsSync(join(root, config.icon))).toBe(true);
  });

  it('the build for tests, as electron-builder merges it, differs in the inspect fuse alone', async () => {
    const file = writeTestBuildConfig();
    const require = createRequire(import.meta.url);
    const { getConfig } = require('app-builder-lib/out/util/config/config') as {
      getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<Record<string, unknown>>;
    };
    const merged = await getConfig(root, file, null);
    expect(merged.electronFuses).toEqual({ ...config.electronFuses, enableNodeCliInspectArguments: true });
    expect(merged.mac).toEqual(config.mac);
    expect(merged.linux).toEqual(config.linux);
  });
});
