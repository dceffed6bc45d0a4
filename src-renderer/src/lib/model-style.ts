// One colour and one short label per model, shared by every chart, chip and legend,
// so "threads" is the same blue on the speedup curve, the timeline and the table.
import { MODEL_INFO, type ModelName } from '../../../src-shared/models.ts';

// Mid-luminance hues that stay readable on both the light and the dark background;
// Python models reuse their Node counterpart's hue family, a shade apart.
export const MODEL_COLORS: Record<ModelName, string> = {
  sequential: '#8a94a6',
  async: '#e8a317',
  threads: '#3b82f6',
  processes: '#22a06b',
  'py-sequential': '#a98467',
  'py-asyncio': '#d9660b',
  'py-threading': '#8b5cf6',
  'py-multiprocessing': '#0fa3b1',
};

export function modelColor(model: ModelName): string {
  return MODEL_COLORS[model];
}

export function modelLabel(model: ModelName): string {
  return MODEL_INFO[model].label;
}

/** A colour with alpha, for fills behind a line or a CI band. */
export function withAlpha(hex: string, alpha: number): string {
  const digits = hex.length === 4 ? [...hex.slice(1)].map((d) => d + d).join('') : hex.slice(1);
  const n = Number.parseInt(digits, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Compared runs are told apart by line dash and point shape (colour already means the model). */
export const RUN_DASHES: number[][] = [[], [7, 4], [2, 3], [10, 3, 2, 3]];
export const RUN_POINTS = ['circle', 'triangle', 'rect', 'rectRot'] as const;

/** A, B, C, D: how the Compare view names runs in legends and tables. */
export function runLetter(i: number): string {
  return String.fromCharCode(65 + i);
}
