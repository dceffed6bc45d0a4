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
export function downloadCanvasPng(canvas: HTMLCanvasElement, fileName: string, background: string): Promise<void> {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d');
  if (!ctx) return Promise.reject(new Error('no 2D context for the PNG copy'));
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, copy.width, copy.height);
  ctx.drawImage(canvas, 0, 0);
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
