// What a CLI command is. cli.ts gathers the command tables of the files in this folder.
import type { Writable } from 'node:stream';

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
  /** Returns the exit code: 0 ok, 1 the work failed, 2 bad input (nothing started), 130 cancelled. */
  run(args: string[], ctx: CliContext): Promise<number>;
  /** The line the first Ctrl-C / SIGTERM prints; default "SIGINT: cancelling…". */
  onSignal?: (signal: NodeJS.Signals) => string;
}

export type CommandTable = Record<string, CliCommand>;

/** Bad input: exit code 2 and the message, with nothing started. */
export class UsageError extends Error {}
