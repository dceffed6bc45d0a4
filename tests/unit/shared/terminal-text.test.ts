import { describe, expect, it } from 'vitest';
import { forTerminal, jsonForTerminal } from '../../../src-shared/terminal-text.ts';

describe('text for a terminal', () => {
  it('removes the sequences that retitle and clear a terminal, whole', () => {
    expect(forTerminal('\x1b]0;pwned\x07\x1b[2J')).toBe('');
    expect(forTerminal('run \x1b]0;pwned\x07\x1b[2Jone')).toBe('run one');
    expect(forTerminal('\x1b]2;title\x1b\\ok')).toBe('ok');
    expect(forTerminal('\x1b[31mred\x1b[0m \x1bPdcs\x1b\\x \x1bc')).toBe('red x ');
  });

  it('removes 8-bit controls, lone ESC, CR, DEL, backspace and bidi overrides; keeps tabs, newlines and other text', () => {
    expect(forTerminal('a\x9b2Jb\x9d0;t\x9cc')).toBe('abc');
    expect(forTerminal('over\rwrite\x08\x7f\x1b')).toBe('overwrite');
    expect(forTerminal('x\u202eevil\u202cy')).toBe('xevily');
    expect(forTerminal('tab\there\nnext line, café, 速い, ×2')).toBe('tab\there\nnext line, café, 速い, ×2');
  });

  it('JSON keeps its meaning: what is escaped parses back to the same value', () => {
    const value = { name: 'a\x9b2J\u202eb\x1b[2J', notes: 'ok' };
    const text = jsonForTerminal(value, 2);
    expect(forTerminal(text)).toBe(text);
    expect(JSON.parse(text)).toEqual(value);
  });
});
