// The programmatic API of @doyensec/electronegativity (dist/runner.js), which ships no types:
// only what the hardening suite reads of it.
declare module '@doyensec/electronegativity' {
  export interface ElectronegativityFinding {
    id: string;
    /** Relative to the input with `isRelative`. */
    file: string;
    location: { line: number; column: number };
    severity: { value: number; name: string };
    confidence: { value: number; name: string };
    description: string;
  }
  export interface ElectronegativityResult {
    globalChecks: number;
    atomicChecks: number;
    /** Files it could not parse (absolute paths). */
    errors: Array<{ file: string; message?: string; tolerable?: boolean }>;
    issues: ElectronegativityFinding[];
  }
  export interface ElectronegativityOptions {
    input: string;
    isRelative?: boolean;
    electronVersionOverride?: string;
    customScan?: string[];
    excludeFromScan?: string[];
    severitySet?: string;
    confidenceSet?: string;
    parserPlugins?: string[];
  }
  /** With forCli false it answers the results instead of printing them. */
  export default function run(options: ElectronegativityOptions, forCli: false): Promise<ElectronegativityResult>;
}
