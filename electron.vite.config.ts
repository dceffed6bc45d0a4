import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

// Entry points of the main-process bundle. Workers and child processes are entries of their
// own, emitted flat beside index.js, so src-main/entries.ts finds them by name in both the
// source tree (tests, CLI) and the bundle (the app).
const mainEntries = {
  index: resolve('src-main/app/main.ts'),
  cli: resolve('src-main/cli.ts'),
  'thread-worker': resolve('src-main/engine/pools/thread-worker.ts'),
  'process-child': resolve('src-main/engine/pools/process-child.ts'),
  'loop-worker': resolve('src-main/engine/runners/loop-worker.ts'),
  'code-try-worker': resolve('src-main/engine/code/try-worker.ts'),
};

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: mainEntries,
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot load ES modules or require packages: one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [vue()],
    build: {
      outDir: 'out/renderer',
      rolldownOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
  },
});
