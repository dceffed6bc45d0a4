// What a CLI command is. cli.ts gathers the command tables of the files in this folder.
import type { Writable } from 'node:stream';
import type { ApiError } from '../../src-shared/contract.ts';
import { EXIT, exitCodeFor } from './exit-codes.ts';

export interface CliContext {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal (live progress bar) or a pipe/file (plain lines). */
  isTTY: boolean;
  /** Aborted on Ctrl-C / SIGTERM. */
  signal: AbortSignal;
}

export interface CliCommand {
  /** One line for `help`. */
  summary: string;
  /** e.g. "run <spec.json> | --preset <name> [--json <file>] [--no-save] [--db <file>]" */
  usage: string;
  /** Returns the exit code (EXIT): 0 ok, 1 the work failed, 2 bad input (nothing started), 130 cancelled. */
  run(args: string[], ctx: CliContext): Promise<number>;
  /** The line the first Ctrl-C / SIGTERM prints; default "SIGINT: cancelling…". */
  onSignal?: (signal: NodeJS.Signals) => string;
}

export type CommandTable = Record<string, CliCommand>;

/** A command ends with this message on stderr and this exit code; main() writes it. */
export class CommandFailed extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.name = 'CommandFailed';
    this.exitCode = exitCode;
  }

  /** The service's error as the CLI reports it: the message, a fresh database to try where one would help, its exit code. */
  static from(error: ApiError, prefix = ''): CommandFailed {
    const hint = error.freshFile ? `\nTo start a fresh database beside it, add: --db ${error.freshFile}` : '';
    return new CommandFailed(`${prefix}${error.message}${hint}`, exitCodeFor(error));
  }
}

/** Bad input: exit code 2 and the message, with nothing started. */
export class UsageError extends CommandFailed {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = 'UsageError';
  }
}
