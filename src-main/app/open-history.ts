// Opens the history database in the user-data folder, through the service. A file that is
// not a usable database is never overwritten: the user is offered a fresh database beside
// it, or to quit; a damaged one can also be browsed read-only.
import { app, dialog } from 'electron';
import { damagedHistoryReport, describeHistory, freshHistoryPath, historyPath, openFreshHistory, openHistory, type History } from '../service/index.ts';

export async function openHistoryOrAsk(): Promise<History | undefined> {
  const file = historyPath({ env: process.env, userDataDir: app.getPath('userData') });
  const opened = openHistory(file);
  if (opened.ok) return describeHistory(opened.value).damaged ? await damagedOrFresh(opened.value) : opened.value;
  if (opened.code !== 'store-error') throw new Error(opened.message);
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: 'Concurrency Lab',
    message: 'The history database cannot be opened',
    detail: `${opened.message}\n\nThe file is left untouched. You can start a fresh database beside it${opened.freshFile ? `:\n${opened.freshFile}` : '.'}`,
    buttons: ['Start a fresh database', 'Quit'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  if (response !== 0) return undefined;
  return freshOrThrow(file);
}

/** A file that fails SQLite's check is never written into: browse it read-only, or start a fresh one beside it. */
async function damagedOrFresh(history: History): Promise<History | undefined> {
  const { path } = describeHistory(history);
  const { readOnly, readable, unreadable } = damagedHistoryReport(history);
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: 'Concurrency Lab',
    message: 'The history database is damaged',
    detail:
      `${path}: ${readOnly}.\n\n${readable.length} of ${readable.length + unreadable.length} runs can still be read and exported` +
      `${unreadable.length ? `; these cannot: ${unreadable.map((u) => u.runId).join(', ')}` : ''}.\n\n` +
      `Nothing will be written into it. You can browse it read-only, or start a fresh database beside it:\n${freshHistoryPath(path)}`,
    buttons: ['Browse it read-only', 'Start a fresh database', 'Quit'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  });
  if (response === 0) return history;
  history.close();
  return response === 1 ? freshOrThrow(path) : undefined;
}

function freshOrThrow(file: string): History {
  const fresh = openFreshHistory(file);
  if (!fresh.ok) throw new Error(fresh.message);
  return fresh.value;
}
