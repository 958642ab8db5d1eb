// Browser mode serves the built renderer. `npm test` builds before Playwright runs; a run by hand
// (`npx playwright test`) builds here when there is no build yet, so it never tests nothing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export default function globalSetup(): void {
  if (existsSync(join(root, 'out', 'renderer', 'index.html'))) return;
  const result = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('electron-vite build failed; the UI tests need out/renderer');
}
