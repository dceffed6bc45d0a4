// Opens the history database in the user-data folder. A file that is not a usable database
// is never overwritten: the user is offered a fresh database beside it, or to quit.
import { app, dialog } from 'electron';
import { freshPathBeside, LabStore, resolveDbPath, StoreError } from '../store/index.ts';

export async function openStoreOrAsk(): Promise<LabStore | undefined> {
  const file = resolveDbPath({ env: process.env, userDataDir: app.getPath('userData') });
  try {
    return LabStore.open(file);
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
