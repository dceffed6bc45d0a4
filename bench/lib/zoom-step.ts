// One zoom step on the timeline, as the UI and scale benches time it: from the key press to
// the frame drawn with what the new view needs. The canvas says `data-loading="true"` while
// what it holds does not yet show the view (a window is being fetched) and sets
// `data-draw-ms` in every frame it draws, so the step ends at the first draw after the key
// with `data-loading` not true. A timeline given its spans (live) has no `data-loading`:
// its first redraw ends the step.
import type { Page } from 'playwright-core';

/**
 * Scrolls the timeline into view and focuses it, then waits for the page to settle, as a
 * person scrolls to the timeline before pressing a key. Without the wait the first step
 * timed what scrolling costs: a trace showed 250 ms of raster of the newly shown part of the
 * page (software raster) before the compositor began the step's frame.
 */
export async function focusTimeline(page: Page): Promise<void> {
  const canvas = page.locator('canvas[data-chart=timeline]');
  await canvas.scrollIntoViewIfNeeded();
  await canvas.focus();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.waitForTimeout(500);
}

/** Presses `key` on the focused timeline canvas; ms from the key to the frame that shows the new view. */
export async function zoomStep(page: Page, key = '+'): Promise<number> {
  return page.evaluate(
    (k) =>
      new Promise<number>((resolve) => {
        const el = document.querySelector<HTMLCanvasElement>('canvas[data-chart=timeline]')!;
        let drawn = false;
        const observer = new MutationObserver((records) => {
          if (records.some((r) => r.attributeName === 'data-draw-ms')) drawn = true;
          if (!drawn || el.dataset.loading === 'true') return;
          observer.disconnect();
          resolve(performance.now() - t0);
        });
        observer.observe(el, { attributes: true, attributeFilter: ['data-draw-ms', 'data-loading'] });
        const t0 = performance.now();
        el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
      }),
    key,
  );
}
