// `concurrency-lab <command>`: parses the command, wires Ctrl-C / SIGTERM to the
// command's AbortSignal, and dispatches through the command tables in ./cli/.
import { forTerminal } from '../src-shared/terminal-text.ts';
import { errorMessage } from '../src-shared/errors.ts';
import { historyCommands } from './cli/history-commands.ts';
import { runCommands } from './cli/run-commands.ts';
import { serveCommands } from './cli/serve-command.ts';
import { studyCommands } from './cli/study-commands.ts';
import { EXIT } from './cli/exit-codes.ts';
import { CommandFailed, type CliContext, type CommandTable } from './cli/types.ts';

export { EXIT } from './cli/exit-codes.ts';

const COMMANDS: CommandTable = { ...runCommands, ...historyCommands, ...studyCommands, ...serveCommands };

function helpText(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  const lines = [
    'Concurrency Lab: measure what async tasks, threads and processes buy on your own cores.',
    '',
    'usage: concurrency-lab <command> [options]',
    '',
    'commands:',
  ];
  for (const name of names) {
    lines.push(`  ${name.padEnd(width)}  ${COMMANDS[name].summary}`);
    lines.push(`  ${' '.repeat(width)}  ${COMMANDS[name].usage}`);
  }
  lines.push(
    `  ${'help'.padEnd(width)}  Show this help, or one command's usage: help <command>.`,
    '',
    'exit codes: 0 ok, 1 the work failed, 2 bad input (nothing started), 130 cancelled (Ctrl-C / SIGTERM).',
  );
  return lines.join('\n');
}

/** Ctrl-C or SIGTERM cancels the command cleanly; a second Ctrl-C gives up waiting. */
function listenForSignals(controller: AbortController, stderr: NodeJS.WritableStream, says: (signal: NodeJS.Signals) => string): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      // Children exit on their own when their parent's IPC channel closes.
      stderr.write(`\n${signal} again: exiting without waiting.\n`);
      process.exit(EXIT.cancelled);
    }
    stderr.write(`\n${says(signal)}\n`);
    controller.abort(new Error(`cancelled by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

export async function main(argv: string[], io: Partial<Pick<CliContext, 'stdout' | 'stderr' | 'env' | 'isTTY'>> = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const [name, ...args] = argv;

  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? args[0] : undefined;
    if (topic !== undefined) {
      const cmd = COMMANDS[topic];
      if (!cmd) {
        stderr.write(`unknown command "${topic}"\n\n${helpText()}\n`);
        return EXIT.usage;
      }
      stdout.write(`${cmd.summary}\nusage: concurrency-lab ${cmd.usage}\n`);
      return EXIT.ok;
    }
    stdout.write(`${helpText()}\n`);
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    stderr.write(`unknown command "${name}"; run \`concurrency-lab help\` for the list\n`);
    return EXIT.usage;
  }
  if (args.includes('--help') || args.includes('-h')) {
    stdout.write(`${command.summary}\nusage: concurrency-lab ${command.usage}\n`);
    return EXIT.ok;
  }

  const controller = new AbortController();
  // What the first signal stops: a command that may have nothing to cancel says so itself.
  const says = command.onSignal ?? ((signal: NodeJS.Signals) => `${signal}: cancelling… (Ctrl-C again to exit at once)`);
  const stopListening = listenForSignals(controller, stderr, says);
  const ctx: CliContext = {
    stdout,
    stderr,
    env: io.env ?? process.env,
    isTTY: io.isTTY ?? Boolean((stdout as NodeJS.WriteStream).isTTY),
    signal: controller.signal,
  };
  try {
    return await command.run(args, ctx);
  } catch (e) {
    // Messages may quote a file's or a user's text: no control characters reach the terminal.
    if (e instanceof CommandFailed) {
      stderr.write(`${forTerminal(e.message)}\n`);
      return e.exitCode;
    }
    if (controller.signal.aborted) return EXIT.cancelled;
    stderr.write(`${name} failed: ${forTerminal(errorMessage(e))}\n`);
    return EXIT.failed;
  } finally {
    stopListening();
  }
}
