// Saves a CLI run into the history database as it goes, through the store's recorder.
// The store is loaded only when saving, so `--no-save` runs never open SQLite.
import type { ExperimentSpec } from '../../src-shared/experiment.ts';
import type { Recorder, SaveFailure } from '../store/index.ts';

export interface RunSaver {
  dbPath: string;
  record: Recorder;
  /** Throws, naming the file and the reason, unless the history can take this run. */
  checkRoom(spec: ExperimentSpec): void;
  close(): void;
}

export async function openRunSaver(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  onSaveFailed: (failure: SaveFailure) => void,
): Promise<RunSaver> {
  const { LabStore, createRecorder, estimateRunBytes, resolveDbPath } = await import('../store/index.ts');
  const dbPath = resolveDbPath({ flag, env });
  const store = LabStore.open(dbPath);
  return {
    dbPath,
    record: createRecorder(store, { onSaveFailed }),
    checkRoom: (spec) => store.ensureWritable(estimateRunBytes(spec)),
    close: () => store.close(),
  };
}
