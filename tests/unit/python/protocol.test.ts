// The runner's stdout is checked line by line: protocol messages pass, anything else does not.
import { describe, expect, it } from 'vitest';
import { parseRunnerLine } from '../../../src-main/engine/python/protocol.ts';

describe('parseRunnerLine', () => {
  it('reads each message type', () => {
    expect(parseRunnerLine('{"type":"progress","done":3,"inFlight":2}')).toEqual({ type: 'progress', done: 3, inFlight: 2 });
    expect(parseRunnerLine('{"type":"spans","spans":[{"task":0,"worker":1,"startNs":5,"endNs":9,"pid":7,"thread":8,"cpu":1}]}')?.type).toBe('spans');
    expect(parseRunnerLine('{"type":"error","kind":"timeout","message":"x"}')?.type).toBe('error');
    expect(
      parseRunnerLine('{"type":"result","t0Ns":1,"endNs":2,"wallNs":1,"startupNs":0,"cpuNs":1,"peakRssBytes":null}')?.type,
    ).toBe('result');
  });

  it('refuses what is not protocol', () => {
    for (const line of ['hello', '', '42', '{"type":"chatter"}', '{"type":"spans","spans":[{"task":-1}]}', '{"type":"error","kind":"oops","message":"x"}']) {
      expect(parseRunnerLine(line)).toBeUndefined();
    }
  });
});
