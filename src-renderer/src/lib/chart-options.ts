// Options every chart shares (theme colours, legend, tooltips), so each chart
// component states only what is particular to it.
import type { ChartOptions, ChartType } from 'chart.js';
import { formatMs, formatSpeedup } from '../../../src-shared/format.ts';
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

/** A bar chart of milliseconds per category, from 0; the tooltip says each bar's value, and `footer` adds a line. */
export function msBarOptions(c: ThemeColors, yTitle: string, footer?: (items: { dataIndex: number }[]) => string) {
  const base = baseOptions<'bar'>(c);
  return {
    ...base,
    interaction: { mode: 'index' as const, intersect: false },
    scales: { x: { ...axis(c), grid: { display: false } }, y: { min: 0, ...axis(c, yTitle) } },
    plugins: {
      ...base.plugins,
      tooltip: {
        ...base.plugins?.tooltip,
        callbacks: {
          label: (ctx: { dataset: { label?: string }; parsed: { y: number | null } }) => `${ctx.dataset.label}: ${formatMs(ctx.parsed.y)}`,
          ...(footer ? { footer } : {}),
        },
      },
    },
  };
}

/** A speedup-vs-k line chart: the log-2 k axis, speedup from 0 (up to `suggestedMax` when given), and a tooltip of k and speedup. */
export function speedupOptions(c: ThemeColors, kTitle: string, levels: number[], maxK: number, suggestedMax?: number) {
  const base = baseOptions<'line'>(c);
  return {
    ...base,
    parsing: false as const,
    scales: {
      x: kAxis(c, kTitle, levels, maxK),
      y: { type: 'linear' as const, min: 0, ...(suggestedMax === undefined ? {} : { suggestedMax }), ...axis(c, 'speedup vs sequential (×)') },
    },
    plugins: {
      ...base.plugins,
      tooltip: {
        ...base.plugins?.tooltip,
        // k is fractional on the Amdahl curve's points.
        callbacks: { label: (ctx: { dataset: { label?: string }; parsed: { x: number | null; y: number | null } }) => `${ctx.dataset.label}: k = ${+(ctx.parsed.x ?? 0).toFixed(2)}, ${formatSpeedup(ctx.parsed.y)}` },
      },
    },
  };
}

/** The log-2 k axis of a speedup chart, ticked at 1 and at the levels measured, padded past both ends. */
export function kAxis(c: ThemeColors, title: string, levels: number[], maxK: number) {
  return { type: 'logarithmic' as const, min: 0.9, max: maxK * 1.1, ...axis(c, title), ...levelTicks([1, ...levels.filter((k) => k > 1)]), ticks: { color: c.muted, callback: (v: number | string) => String(v) } };
}

/** Ticks of a log-2 axis exactly at the levels measured, not at Chart.js' decades (the axis is padded past both ends, so points are not cut by its edges). */
export function levelTicks(levels: number[]) {
  return {
    afterBuildTicks(scale: { ticks: { value: number }[] }) {
      scale.ticks = levels.map((value) => ({ value }));
    },
  };
}
