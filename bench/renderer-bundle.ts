// What the renderer costs to load, gzipped (level 9) as browser mode serves it: the start in the
// default language (English: index.html, the entry script and the styles), the rest of the app
// fetched when its step comes (every screen after the phone step, the QR encoder, and the rarely
// shown screens with their English words and styles), each added language's chunk, fetched only
// when that language is chosen, and its rare screens' words, fetched with those screens. Read
// from the build in out/renderer.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LANGUAGES, type Language } from '../renderer/src/i18n/languages';
import type { BenchRow } from './bench-row';

const kib = (bytes: number): number => Math.round(bytes / 102.4) / 10;

// The build names a language's chunk after its file (`ru-<hash>.js`) and its rare screens' words
// `rare-screens-ru-<hash>.js` (electron.vite.config.ts). Longest first: 'pt-br' before a 'pt'.
const byLength = [...LANGUAGES].sort((a, b) => b.length - a.length);
const languageOf = (name: string, prefix: string): Language | undefined =>
  byLength.find((language) => name.startsWith(`${prefix}${language}-`));

export function rendererBundleRows(rendererDir: string): BenchRow[] {
  const assets = join(rendererDir, 'assets');
  const gz = (path: string): number => gzipSync(readFileSync(path), { level: 9 }).length;
  const files = readdirSync(assets).filter((name) => /\.(js|css)$/.test(name));
  const added = (name: string): Language | undefined => {
    const main = languageOf(name, '');
    const rare = languageOf(name, 'rare-screens-');
    return main ?? (rare === 'en' ? undefined : rare);
  };
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  // What index.html itself loads is the start; every other non-language chunk comes later.
  const atStart = files.filter((name) => html.includes(`assets/${name}`));
  const later = files.filter((name) => !atStart.includes(name) && added(name) === undefined);
  const start = gz(join(rendererDir, 'index.html')) + atStart.reduce((sum, name) => sum + gz(join(assets, name)), 0);
  const rest = later.reduce((sum, name) => sum + gz(join(assets, name)), 0);
  const rows: BenchRow[] = [
    { name: 'renderer at start, English (html+css+js), gzipped', value: kib(start), unit: 'KiB', aim: 'at most 40 KiB' },
    { name: 'renderer fetched when its step comes (later steps, rare screens), gzipped', value: kib(rest), unit: 'KiB' },
  ];
  for (const language of LANGUAGES) {
    if (language === 'en') continue;
    const main = files.filter((name) => languageOf(name, '') === language);
    const rare = files.filter((name) => languageOf(name, 'rare-screens-') === language);
    const size = (names: string[]): number => names.reduce((sum, name) => sum + gz(join(assets, name)), 0);
    rows.push({ name: `renderer per added language: ${language}, gzipped`, value: kib(size(main)), unit: 'KiB' });
    rows.push({ name: `renderer per added language: ${language}, its rare screens' words (fetched with them), gzipped`, value: kib(size(rare)), unit: 'KiB' });
  }
  return rows;
}
