// Placeholder until browser mode lands (issue 4): serve.
import type { CommandTable } from './types.ts';

export const serveCommands: CommandTable = {};
