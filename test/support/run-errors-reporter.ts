// A vitest reporter for what its JSON report leaves out: errors outside any test (an unhandled
// rejection, a worker that died) and errors of a file or suite whose tests all passed (a
// beforeAll or afterAll that threw). Either makes vitest exit non-zero with every test green, so
// `npm test` counts each one and names it in its closing lines.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, SerializedError, TestModule, TestSuite } from 'vitest/node';

interface RunError {
  where: string;
  message: string;
}

const text = (e: SerializedError) => `${e.name && !String(e.message).startsWith(e.name) ? `${e.name}: ` : ''}${e.message ?? String(e)}`;

/** Where `npm test` reads it; vitest gives a reporter named on its command line no options. */
const OUTPUT = process.env.GRAMDESK_RUN_ERRORS_FILE ?? 'test-results/vitest-run-errors.json';

export default class RunErrorsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): void {
    const errors: RunError[] = unhandled.map((e) => ({ where: 'outside any test', message: text(e) }));
    for (const module of modules) {
      const file = relative(process.cwd(), module.moduleId);
      const suites: Array<TestModule | TestSuite> = [module, ...module.children.allSuites()];
      for (const suite of suites)
        for (const e of suite.errors()) errors.push({ where: suite.type === 'module' ? file : `${file} › ${suite.fullName}`, message: text(e) });
    }
    writeFileSync(OUTPUT, JSON.stringify({ errors }, null, 2));
  }
}
