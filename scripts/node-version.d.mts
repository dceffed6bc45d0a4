// Types for node-version.mjs (plain JavaScript so that an old Node can run the check).
export declare const NODE_REQUIRED: string;
export declare const GET_NODE_24: string;
export declare function nodeVersionProblem(versions?: { node: string }): string | undefined;
export declare function exitIfNodeTooOld(): void;
