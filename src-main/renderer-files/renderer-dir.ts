// Where the built renderer (electron-vite's out/renderer) lies, from the source tree or the bundle.
import { fileURLToPath } from 'node:url';

const bundled = !import.meta.url.endsWith('.ts');

export function rendererDir(): string {
  // Source: src-main/renderer-files/ -> ../../out/renderer. Bundle: out/main/ -> ../renderer.
  return fileURLToPath(new URL(bundled ? '../renderer/' : '../../out/renderer/', import.meta.url));
}
