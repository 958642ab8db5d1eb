// `npm run bench`: the speed and memory figures the issues ask for, printed as one table.
// Each suite returns rows; nothing here asserts a time (benchmarks measure, tests check).
import { runServerBench } from './server-bench';
import { runAppBench } from './app-bench';
import { runAccountsBench } from './accounts-bench';
import { runStartBench } from './start-bench';
import { runProxyBench } from './proxy-bench';
import type { BenchRow } from './bench-row';

async function main(): Promise<void> {
  const only = process.argv[2];
  const suites: Array<[string, () => Promise<BenchRow[]>]> = [
    ['server', runServerBench],
    ['app', runAppBench],
    ['accounts', runAccountsBench],
    ['start', runStartBench],
    ['proxy', runProxyBench],
  ];
  const rows: BenchRow[] = [];
  for (const [name, suite] of suites) {
    if (only && only !== name) continue;
    console.error(`[bench] ${name} ...`);
    rows.push(...(await suite()));
  }
  const width = Math.max(...rows.map((r) => r.name.length), 10);
  for (const r of rows) {
    const value = Number.isInteger(r.value) ? String(r.value) : r.value.toFixed(2);
    console.log(`${r.name.padEnd(width)}  ${value.padStart(10)} ${r.unit.padEnd(8)} ${r.aim ? `(aim: ${r.aim})` : ''}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
