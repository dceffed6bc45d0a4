// What the specs share: opening a view with the server's token, screenshots of a view
// in both themes, and checks that a canvas really has something drawn on it.
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const SCREENSHOTS = join(import.meta.dirname, '../../test-results/screenshots');

export function labUrl(hash: string): string {
  const base = process.env.LAB_URL;
  if (!base) throw new Error('LAB_URL is not set: the global setup did not start the server');
  return `${base}/?token=${process.env.LAB_TOKEN}${hash}`;
}

export async function open(page: Page, hash: string): Promise<void> {
  await page.goto(labUrl(hash));
  await expect(page.locator('.app-bar')).toBeVisible();
}

/** One call of the lab's API, as the loopback client makes it; throws with the API's message. */
export async function api<T>(method: string, ...args: unknown[]): Promise<T> {
  const res = await fetch(`${process.env.LAB_URL}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.LAB_TOKEN}` },
    body: JSON.stringify(args),
  });
  const body = (await res.json()) as { ok: boolean; value?: T; message?: string };
  if (!body.ok) throw new Error(`${method}: ${body.message}`);
  return body.value as T;
}

/** Full-page screenshots of what is on screen now, light then dark; leaves the page light. */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    // From the top: a sticky header photographed mid-scroll lands in the middle of the page.
    await page.evaluate(() => window.scrollTo(0, 0));
    // Charts redraw on the theme change; give them the frame.
    await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${colorScheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** How many pixels of a canvas are painted (non-transparent, and unlike its top-left background pixel). */
export async function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const ctx = c.getContext('2d');
    if (!ctx || c.width === 0 || c.height === 0) return 0;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const [r0, g0, b0, a0] = [d[0], d[1], d[2], d[3]];
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0 && (d[i] !== r0 || d[i + 1] !== g0 || d[i + 2] !== b0 || d[i + 3] !== a0)) n++;
    }
    return n;
  });
}

/** Errors the page logged, from script or the console. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}
