import { createLogger } from '@stem-match/log';

/** A logger for workers started in a test: nothing written (outcomes are checked, not lines). */
export const silentLog = createLogger({ name: 'test', level: 'silent' });
