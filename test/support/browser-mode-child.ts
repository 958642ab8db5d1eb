// Browser mode (main/browser-mode/start-browser-mode.ts) as a real child process of a test, and
// the URL from its ready line: what a suite that kills it or reads its output drives.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const repo = resolve(import.meta.dirname, '../..');
const entry = resolve(repo, 'main/browser-mode/start-browser-mode.ts');

export function spawnBrowserMode(env: Record<string, string | undefined>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', entry, '--json', '--port', '0'], { cwd: repo, env });
}

/** The bridge's URL (with its token) from the child's first stdout line; `stderr` names why it exited before. */
export function readyUrl(child: ChildProcessWithoutNullStreams, stderr: () => string = () => ''): Promise<URL> {
  return new Promise((done, fail) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      done(new URL((JSON.parse(line) as { url: string }).url));
    });
    child.once('exit', (code) => fail(new Error(`browser mode exited with ${code} before its ready line: ${stderr()}`)));
  });
}
