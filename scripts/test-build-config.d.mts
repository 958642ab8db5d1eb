// Types of scripts/test-build-config.mjs.
export declare const testBuildConfigFile: string;
export declare function writeTestBuildConfig(): string;
