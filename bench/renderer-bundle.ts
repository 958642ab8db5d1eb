// What the renderer costs to load, gzipped (level 9) as browser mode serves it: the start in the
// default language (English: index.html, the entry script and the styles), the rest of the app
// fetched when its step comes (the QR encoder, the password, recovery, sign-up and email set-up
// screens), and each added language's chunk, fetched only when that language is chosen. Read
// from the build in out/renderer.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LANGUAGES } from '../renderer/src/i18n/languages';
import type { BenchRow } from './bench-row';

const kib = (bytes: number): number => Math.round(bytes / 102.4) / 10;

export function rendererBundleRows(rendererDir: string): BenchRow[] {
  const assets = join(rendererDir, 'assets');
  const gz = (path: string): number => gzipSync(readFileSync(path), { level: 9 }).length;
  const files = readdirSync(assets).filter((name) => /\.(js|css)$/.test(name));
  const languageOf = (name: string): string | undefined =>
    LANGUAGES.find((language) => language !== 'en' && name.startsWith(`${language}-`));
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  // What index.html itself loads is the start; every other non-language chunk comes later.
  const atStart = files.filter((name) => html.includes(`assets/${name}`));
  const later = files.filter((name) => !atStart.includes(name) && languageOf(name) === undefined);
  const start = gz(join(rendererDir, 'index.html')) + atStart.reduce((sum, name) => sum + gz(join(assets, name)), 0);
  const rest = later.reduce((sum, name) => sum + gz(join(assets, name)), 0);
  const rows: BenchRow[] = [
    { name: 'renderer at start, English (html+css+js), gzipped', value: kib(start), unit: 'KiB', aim: 'at most 40 KiB' },
    { name: 'renderer fetched when its step comes (QR encoder, rarer screens), gzipped', value: kib(rest), unit: 'KiB' },
  ];
  for (const name of files) {
    const language = languageOf(name);
    if (language !== undefined) {
      rows.push({ name: `renderer per added language: ${language}, gzipped`, value: kib(gz(join(assets, name))), unit: 'KiB' });
    }
  }
  return rows;
}
