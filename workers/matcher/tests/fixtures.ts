import { Writable } from 'node:stream';
import { createLogger } from '@stem-match/log';

export { hastingsSchool, physicsAmbassador } from '@stem-match/domain/testing';

/** A logger that keeps warnings and errors to itself. */
export const silentLog = () =>
  createLogger({
    name: 'test',
    level: 'warn',
    destination: new Writable({ write: (_c, _e, done) => done() }),
  });
