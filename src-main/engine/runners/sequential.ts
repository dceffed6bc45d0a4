// The `sequential` model: one task after another on a loop worker of its own.
import { loopRunner } from './loop-trial.ts';

export const runSequential = loopRunner('sequential');
