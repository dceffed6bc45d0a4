// The one error type the store throws; its code maps one-to-one onto the contract's ErrorCode.

export type StoreErrorCode = 'not-found' | 'invalid-input' | 'import-failed' | 'store-error';

export class StoreError extends Error {
  code: StoreErrorCode;
  /** The database file, for 'store-error' raised while opening it. */
  file?: string;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown; file?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreError';
    this.code = code;
    if (options?.file !== undefined) this.file = options.file;
  }
}
