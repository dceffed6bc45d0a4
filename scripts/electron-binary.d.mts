// Types for electron-binary.mjs (plain JavaScript: scripts/start.mjs runs it before any build).
export declare const RETRY_COMMAND: string;
export declare const INSTALL_TIMEOUT_S: number;
type Env = Record<string, string | undefined>;
export declare function electronDir(env?: Env): string;
export declare function electronBinary(env?: Env): string | undefined;
export declare function skipDownloadSet(env?: Env): boolean;
export declare function noElectronMessage(reason: string): string;
export declare function missingReason(env?: Env): string;
export declare function downloadHost(env?: Env): string;
export declare function classifyInstallFailure(env?: Env, resolve?: (host: string) => Promise<unknown>): Promise<string>;
export declare function installElectron(options?: {
  env?: Env;
  timeoutS?: number;
  log?: (line: string) => void;
}): Promise<{ executable: string; reason?: undefined } | { reason: string; executable?: undefined }>;
