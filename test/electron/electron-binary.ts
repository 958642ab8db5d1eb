// Whether Electron's binary is installed, found without require('electron') (which would try to
// download it, and fail offline). Same rule as scripts/start.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const electronDir = join(import.meta.dirname, '..', '..', 'node_modules', 'electron');

export function electronBinaryPath(): string | null {
  try {
    const relative = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
    const binary = join(electronDir, 'dist', relative);
    return relative !== '' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
