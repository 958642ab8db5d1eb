// Types of scripts/electron-binary.mjs, for the TypeScript that asks where Electron is.
export declare const defaultElectronDir: string;
export declare function platformExecutable(platform?: NodeJS.Platform | 'mas'): string;
export type InstalledElectron =
  | { binary: string; source: 'override' | 'installed' }
  | { binary: null; problem: string | null };
export declare function installedElectron(options?: { electronDir?: string; env?: NodeJS.ProcessEnv }): InstalledElectron;
export type ObtainedElectron =
  | { binary: string; source: 'override' | 'installed' | 'installer' }
  | { binary: null; reason: string };
export declare function obtainElectron(options?: {
  electronDir?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  progress?: NodeJS.WriteStream | null;
}): Promise<ObtainedElectron>;
