// Option parsing for the CLI's commands: node:util parseArgs, with its errors turned
// into UsageError so a mistyped option exits 2 with the reason and nothing started.
import { errorMessage } from '../../src-shared/errors.ts';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './types.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<const O extends Options>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true, allowNegative: false });
  } catch (e) {
    const message = errorMessage(e);
    throw new UsageError(`${message}\nusage: ${usage}`);
  }
}

/** A number option within [lo, hi]; the message names the option like the schema names a field. */
export function numberOption(name: string, value: string | undefined, lo: number, hi: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < lo || n > hi) {
    throw new UsageError(`--${name}: must be a number from ${lo} to ${hi}`);
  }
  return n;
}
