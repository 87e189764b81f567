export declare const repoRoot: string;
export declare const toolsDir: string;
export declare function ensureTemporalCli(opts?: { log?: (line: string) => void }): string;
export declare function ensureTestServer(opts?: { log?: (line: string) => void }): string;
export declare function ensureDebianPackage(
  pkg: string,
  present: () => boolean,
  opts?: { log?: (line: string) => void },
): void;
export declare function postgresBinDir(): string | undefined;
