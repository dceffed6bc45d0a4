// Chart.js, registered once with only the parts the lab uses, plus two small plugins:
// 95% CI error bars on bar charts, and a "drawn" mark on each canvas (what the e2e
// tests and the bench wait for, rather than guessing at animation timing).
import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, ScatterController, Tooltip, type Plugin,
} from 'chart.js';
import type { Interval } from '../../../src-shared/result.ts';

export interface ErrorBarOptions {
  color: string;
}

/** Whiskers from each bar's `errorBars[i]` (in the value axis' units), drawn over the bars. */
export const errorBarsPlugin: Plugin = {
  id: 'errorBars',
  afterDatasetsDraw(chart, _args, opts: ErrorBarOptions) {
    const { ctx } = chart;
    const yScale = chart.scales.y;
    chart.data.datasets.forEach((ds, di) => {
      const bars = (ds as { errorBars?: (Interval | null)[] }).errorBars;
      const meta = chart.getDatasetMeta(di);
      if (!bars || meta.hidden) return;
      ctx.save();
      ctx.strokeStyle = opts?.color ?? '#888';
      ctx.lineWidth = 1.5;
      meta.data.forEach((el, i) => {
        const ci = bars[i];
        if (!ci) return;
        const x = (el as unknown as { x: number }).x;
        const yl = yScale.getPixelForValue(ci.low);
        const yh = yScale.getPixelForValue(ci.high);
        const w = Math.min(10, ((el as unknown as { width?: number }).width ?? 20) / 3);
        ctx.beginPath();
        ctx.moveTo(x, yl);
        ctx.lineTo(x, yh);
        ctx.moveTo(x - w, yl);
        ctx.lineTo(x + w, yl);
        ctx.moveTo(x - w, yh);
        ctx.lineTo(x + w, yh);
        ctx.stroke();
      });
      ctx.restore();
    });
  },
};

export const drawnMarkPlugin: Plugin = {
  id: 'drawnMark',
  afterRender(chart) {
    const points = chart.data.datasets.reduce((n, ds) => n + ds.data.length, 0);
    chart.canvas.dataset.drawn = points > 0 ? 'true' : 'empty';
    chart.canvas.dataset.points = String(points);
  },
};

let registered = false;
export function registerCharts(): void {
  if (registered) return;
  registered = true;
  Chart.register(
    BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement,
    LogarithmicScale, PointElement, ScatterController, Tooltip, errorBarsPlugin, drawnMarkPlugin,
  );
  // Measurements are read, not watched: no animation, so a chart is exact the moment it draws.
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--sans').trim() || 'system-ui, sans-serif';
  Chart.defaults.font.size = 12;
}

/** Scale and legend colours of the current theme, for a chart's options. */
export function axisColors(c: { text: string; muted: string; grid: string }) {
  return {
    ticks: { color: c.muted },
    grid: { color: c.grid },
    border: { color: c.grid },
    title: { color: c.muted },
  };
}
