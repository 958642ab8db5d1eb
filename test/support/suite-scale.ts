// How hard the hardening suites (test/hardening/) push. `npm test` runs them at a size that keeps
// CI under its budget on two cores; `npm run soak` sets GRAMDESK_SOAK=1 and runs them at length.
export const soaking = process.env.GRAMDESK_SOAK === '1';

/** The count for this run: `ci` in `npm test`, `soak` under `npm run soak`. */
export function scaled(ci: number, soak: number): number {
  return soaking ? soak : ci;
}

/** A suite's own figure (inputs tried, kills, places searched, requests refused), one line in the test output. */
export function reportFigure(suite: string, figure: string): void {
  console.log(`[figure] ${suite}: ${figure}`);
}
