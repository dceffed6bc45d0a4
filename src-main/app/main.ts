import { entryPath } from '../entries.ts'; console.log(entryPath('thread-worker'));
