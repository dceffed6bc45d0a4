// Opens the history database in the user-data folder. A file that is not a usable database
// is never overwritten: the user is offered a fresh database beside it, or to quit.
import { app, dialog } from 'electron';
import { freshPathBeside, LabStore, resolveDbPath, StoreError } from '../store/index.ts';

export async function openStoreOrAsk(): Promise<LabStore | undefined> {
  const file = resolveDbPath({ env: process.env, userDataDir: app.getPath('userData') });
  try {
    const store = LabStore.open(file);
    return store.health().damaged ? await damagedOrFresh(store) : store;
  } catch (err) {
    if (!(err instanceof StoreError) || err.code !== 'store-error') throw err;
    const fresh = freshPathBeside(file);
    const { response } = await dialog.showMessageBox({
      type: 'error',
      title: 'Concurrency Lab',
      message: 'The history database cannot be opened',
      detail: `${err.message}\n\nThe file is left untouched. You can start a fresh database beside it:\n${fresh}`,
      buttons: ['Start a fresh database', 'Quit'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    });
    if (response !== 0) return undefined;
    return LabStore.open(fresh);
  }
}

/** A file that fails SQLite's check is never written into: browse it read-only, or start a fresh one beside it. */
async function damagedOrFresh(store: LabStore): Promise<LabStore | undefined> {
  const health = store.health({ readability: true });
  const { readable, unreadable } = health.readability!;
  const fresh = freshPathBeside(store.path);
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: 'Concurrency Lab',
    message: 'The history database is damaged',
    detail:
      `${store.path}: ${health.readOnly}.\n\n${readable.length} of ${readable.length + unreadable.length} runs can still be read and exported` +
      `${unreadable.length ? `; these cannot: ${unreadable.map((u) => u.runId).join(', ')}` : ''}.\n\n` +
      `Nothing will be written into it. You can browse it read-only, or start a fresh database beside it:\n${fresh}`,
    buttons: ['Browse it read-only', 'Start a fresh database', 'Quit'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  });
  if (response === 0) return store;
  store.close();
  return response === 1 ? LabStore.open(fresh) : undefined;
}
