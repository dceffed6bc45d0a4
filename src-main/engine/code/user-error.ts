// An exception from the user's JavaScript, described with the place in the user's file
// (the temp module's URL in the stack, shown under the name the user knows).
import { errorMessage } from '../pools/protocol.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "file:///tmp/…/task.mjs:4:11" in a stack, as "task.js:4:11"; undefined when the stack never enters the file. */
export function userLocation(error: unknown, moduleUrl: string, name: string): string | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  if (!stack) return undefined;
  const match = new RegExp(`${escapeRegExp(moduleUrl)}:(\\d+):(\\d+)`).exec(stack);
  return match ? `${name}:${match[1]}:${match[2]}` : undefined;
}

/** "TypeError: x is not a function (task.js:4:11)". */
export function describeUserError(error: unknown, moduleUrl: string, name: string): string {
  const where = userLocation(error, moduleUrl, name);
  const what = error instanceof Error ? `${error.name}: ${errorMessage(error)}` : `thrown: ${errorMessage(error)}`;
  return where ? `${what} (${where})` : what;
}
