// A stream that passes text on without terminal control characters (see src-shared/terminal-text.ts).
import { Writable } from 'node:stream';
import { forTerminal } from '../../src-shared/terminal-text.ts';

export function forTerminalStream(out: Writable): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      out.write(forTerminal(typeof chunk === 'string' ? chunk : chunk.toString('utf8')));
      done();
    },
  });
}
