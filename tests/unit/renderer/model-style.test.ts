// Model colours with alpha: short and long hex forms give the same colour.
import { describe, expect, it } from 'vitest';
import { withAlpha } from '../../../src-renderer/src/lib/model-style.ts';

describe('model style', () => {
  it('reads #rgb and #rrggbb alike', () => {
    expect(withAlpha('#888', 0.5)).toBe('rgba(136, 136, 136, 0.5)');
    expect(withAlpha('#3b82f6', 1)).toBe('rgba(59, 130, 246, 1)');
  });
});
