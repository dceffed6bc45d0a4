// Saving a file from the renderer: a Blob behind a temporary link (works in Electron's
// sandboxed renderer and in browser mode alike, with no extra IPC).
import type { ExportPayload } from '../../../src-shared/contract.ts';

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: some engines start reading the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadPayload(p: ExportPayload): void {
  downloadBlob(new Blob([p.content], { type: p.mimeType }), p.fileName);
}

/** A chart's canvas as PNG, on the theme's background rather than transparent. */
/**
 * Saves a chart as PNG on the page's background, with a caption band on top (the run's
 * name and the chart's title), so the image says what it shows once out of the app.
 */
export function downloadCanvasPng(canvas: HTMLCanvasElement, fileName: string, background: string, caption?: { text: string; color: string }): Promise<void> {
  const scale = canvas.width / Math.max(1, canvas.clientWidth || canvas.width);
  const band = caption ? Math.round(30 * scale) : 0;
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height + band;
  const ctx = copy.getContext('2d');
  if (!ctx) return Promise.reject(new Error('no 2D context for the PNG copy'));
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, copy.width, copy.height);
  if (caption) {
    ctx.fillStyle = caption.color;
    ctx.font = `600 ${Math.round(14 * scale)}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    ctx.fillText(caption.text, Math.round(8 * scale), band / 2, copy.width - Math.round(16 * scale));
  }
  ctx.drawImage(canvas, 0, band);
  return new Promise((resolve, reject) =>
    copy.toBlob((blob) => {
      if (!blob) return reject(new Error('the canvas could not be encoded as PNG'));
      downloadBlob(blob, fileName);
      resolve();
    }, 'image/png'),
  );
}

export function safeFileName(s: string): string {
  return s.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'export';
}
