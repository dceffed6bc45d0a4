import { getBackend } from '../backend/index.ts'; console.log(getBackend);
