/** One measured figure of `npm run bench`. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The goal the issue sets for this figure, in words. */
  aim?: string;
}
