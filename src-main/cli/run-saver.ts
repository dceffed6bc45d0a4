// Saves a CLI run into the history database as it goes, through the store's recorder.
// The store is loaded only when saving, so `--no-save` runs never open SQLite.
import type { ProgressEvent } from '../../src-shared/result.ts';

export interface RunSaver {
  dbPath: string;
  record(e: ProgressEvent): void;
  close(): void;
}

export async function openRunSaver(flag: string | undefined, env: NodeJS.ProcessEnv): Promise<RunSaver> {
  const { LabStore, createRecorder, resolveDbPath } = await import('../store/index.ts');
  const dbPath = resolveDbPath({ flag, env });
  const store = LabStore.open(dbPath);
  return { dbPath, record: createRecorder(store), close: () => store.close() };
}
