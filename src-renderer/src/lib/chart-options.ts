// Options every chart shares (theme colours, legend, tooltips), so each chart
// component states only what is particular to it.
import type { ChartOptions, ChartType } from 'chart.js';
import type { ThemeColors } from './theme.ts';

export function baseOptions<T extends ChartType>(c: ThemeColors): ChartOptions<T> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    color: c.muted,
    interaction: { mode: 'nearest', intersect: false },
    plugins: {
      legend: { position: 'bottom', labels: { color: c.text, usePointStyle: true, boxWidth: 8, boxHeight: 8, padding: 12 } },
      tooltip: { backgroundColor: c.text, titleColor: c.surface, bodyColor: c.surface, displayColors: true, padding: 8 },
      errorBars: { color: c.text },
    },
  } as ChartOptions<T>;
}

export function axis(c: ThemeColors, title?: string) {
  return {
    ticks: { color: c.muted },
    grid: { color: c.grid },
    border: { color: c.border },
    ...(title ? { title: { display: true, text: title, color: c.muted } } : {}),
  };
}

/** Ticks of a log-2 axis exactly at the levels measured, not at Chart.js' decades (the axis is padded past both ends, so points are not cut by its edges). */
export function levelTicks(levels: number[]) {
  return {
    afterBuildTicks(scale: { ticks: { value: number }[] }) {
      scale.ticks = levels.map((value) => ({ value }));
    },
  };
}
