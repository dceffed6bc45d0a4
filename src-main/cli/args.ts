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
    throw new UsageError(`${optionError(e, options, usage.split(' ')[0])}\nusage: ${usage}`);
  }
}

/**
 * parseArgs' error in the lab's words: the option first, then what it needs, like the
 * schema's "field: reason". Node's own text is kept for any error it does not cover.
 */
export function optionError(e: unknown, options: Options, command: string): string {
  const message = errorMessage(e);
  const code = (e as { code?: string }).code;
  const named = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  if (!named) return message;
  const option = options[named.replace(/^-+/, '')];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `${named}: not an option of ${command} (its options are below)`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(message)) return `${named}: takes no value`;
    if (/ambiguous/.test(message)) return `${named}: needs a value; one that starts with "-" is written ${named}=-value`;
    if (/argument missing/.test(message) || option?.type === 'string') return `${named}: needs a value`;
  }
  return message;
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

/** An option that takes one of a few words; the message lists them. */
export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`--${name}: must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** The options `edit` takes for a run and a study alike: a new name, tags (or none), notes. */
export const EDIT_OPTIONS = {
  name: { type: 'string' },
  tag: { type: 'string', multiple: true },
  'no-tags': { type: 'boolean' },
  notes: { type: 'string' },
} as const;

/** What an `edit` asks to change, from its options; a usage error when it asks nothing or both --tag and --no-tags. */
export function editPatch(
  values: { name?: string; tag?: string[]; 'no-tags'?: boolean; notes?: string },
  usage: string,
): { name?: string; tags?: string[]; notes?: string } {
  if (values.tag && values['no-tags']) throw new UsageError('give --tag or --no-tags, not both');
  const patch = {
    ...(values.name !== undefined && { name: values.name }),
    ...(values.tag !== undefined && { tags: values.tag }),
    ...(values['no-tags'] && { tags: [] }),
    ...(values.notes !== undefined && { notes: values.notes }),
  };
  if (Object.keys(patch).length === 0) throw new UsageError(`nothing to change\nusage: ${usage}`);
  return patch;
}
