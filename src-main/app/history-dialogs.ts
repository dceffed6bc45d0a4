// File > Import… and File > Export…: native open/save dialogs around the contract's
// importRuns / exportRuns, so a whole history moves between machines in two clicks.
import { readFile, writeFile } from 'node:fs/promises';
import { dialog, type BrowserWindow } from 'electron';
import type { LabApi } from '../../src-shared/contract.ts';

const PAGE = 1000;

export async function importWithDialog(window: BrowserWindow, api: LabApi): Promise<void> {
  const picked = await dialog.showOpenDialog(window, {
    title: 'Import runs',
    properties: ['openFile'],
    filters: [{ name: 'Concurrency Lab export', extensions: ['json'] }],
  });
  const file = picked.filePaths[0];
  if (picked.canceled || !file) return;
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (err) {
    await dialog.showMessageBox(window, { type: 'error', message: 'Could not read the file', detail: (err as Error).message });
    return;
  }
  const result = await api.importRuns(content);
  if (!result.ok) {
    await dialog.showMessageBox(window, { type: 'error', message: 'Nothing was imported', detail: result.message });
    return;
  }
  const { imported, skipped } = result.value;
  await dialog.showMessageBox(window, {
    type: 'info',
    message: `Imported ${imported.length} run${imported.length === 1 ? '' : 's'}`,
    detail: skipped.length > 0 ? `${skipped.length} already in the history were left as they were.` : undefined,
  });
  // The history view reads the store when shown; reloading brings an open one up to date.
  window.webContents.reload();
}

export async function exportWithDialog(window: BrowserWindow, api: LabApi): Promise<void> {
  const runIds: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api.listRuns({ limit: PAGE, offset });
    if (!page.ok) {
      await dialog.showMessageBox(window, { type: 'error', message: 'Could not read the history', detail: page.message });
      return;
    }
    runIds.push(...page.value.runs.map((r) => r.runId));
    if (page.value.runs.length < PAGE || runIds.length >= page.value.total) break;
  }
  if (runIds.length === 0) {
    await dialog.showMessageBox(window, { type: 'info', message: 'The history is empty: there is nothing to export yet.' });
    return;
  }
  const saved = await dialog.showSaveDialog(window, {
    title: `Export ${runIds.length} run${runIds.length === 1 ? '' : 's'}`,
    defaultPath: 'concurrency-lab-history.json',
    filters: [
      { name: 'JSON (re-importable)', extensions: ['json'] },
      { name: 'CSV (one row per trial)', extensions: ['csv'] },
    ],
  });
  if (saved.canceled || !saved.filePath) return;
  const format = saved.filePath.toLowerCase().endsWith('.csv') ? 'csv' : 'json';
  const payload = await api.exportRuns({ runIds, format });
  if (!payload.ok) {
    await dialog.showMessageBox(window, { type: 'error', message: 'Could not export', detail: payload.message });
    return;
  }
  try {
    await writeFile(saved.filePath, payload.value.content, 'utf8');
  } catch (err) {
    await dialog.showMessageBox(window, { type: 'error', message: 'Could not write the file', detail: (err as Error).message });
  }
}
