// A browser-mode server over a real lab service for one test file: started before the
// file's tests, closed (server first, then the service and its database) after them.
import { afterAll, beforeAll } from 'vitest';
import { startServer, type RunningServer } from '../../../src-main/server/index.ts';
import { openLab, type LabFixture } from '../service/lab-fixture.ts';

export interface ServedLab {
  /** Set once the file's beforeAll has run. */
  readonly lab: LabFixture;
  readonly server: RunningServer;
}

export function serveLab(): ServedLab {
  let lab: LabFixture | undefined;
  let server: RunningServer | undefined;
  beforeAll(async () => {
    lab = openLab();
    server = await startServer({ service: lab.service });
  });
  afterAll(async () => {
    await server?.close();
    await lab?.cleanup();
  });
  return {
    get lab() {
      if (!lab) throw new Error('serveLab: the lab is opened in beforeAll');
      return lab;
    },
    get server() {
      if (!server) throw new Error('serveLab: the server is started in beforeAll');
      return server;
    },
  };
}
