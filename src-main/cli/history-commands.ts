// Placeholder until the store lands (issue 3): list, show, compare, export, import, delete.
import type { CommandTable } from './types.ts';

export const historyCommands: CommandTable = {};
