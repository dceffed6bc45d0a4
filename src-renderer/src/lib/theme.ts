// The OS theme as a reactive flag, and the design tokens the canvases need: charts and
// the timeline read the same CSS variables as the rest of the page, so they follow too.
import { ref } from 'vue';

const query = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
export const prefersDark = ref(query?.matches ?? false);
query?.addEventListener('change', (e) => {
  prefersDark.value = e.matches;
});

export interface ThemeColors {
  text: string;
  muted: string;
  faint: string;
  grid: string;
  surface: string;
  border: string;
  good: string;
  warn: string;
  bad: string;
}

/** Read after the theme flips: pass `prefersDark.value` so a computed depends on it. */
export function themeColors(_dark: boolean = prefersDark.value): ThemeColors {
  const css = typeof document !== 'undefined' ? getComputedStyle(document.documentElement) : null;
  const v = (name: string, fallback: string) => css?.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', '#18202c'),
    muted: v('--text-muted', '#536072'),
    faint: v('--text-faint', '#7a8597'),
    grid: v('--grid', 'rgba(0,0,0,0.09)'),
    surface: v('--surface', '#ffffff'),
    border: v('--border', '#d5dbe3'),
    good: v('--good', '#157a3c'),
    warn: v('--warn', '#9a5a00'),
    bad: v('--bad', '#b42318'),
  };
}
