// The `async` model: at most k tasks in flight as promises on one event loop.
import { loopRunner } from './loop-trial.ts';

export const runAsync = loopRunner('async');
