// The entry of a worker thread (threads.ts). Node's workers do not inherit tsx's loader, so the
// thread registers it itself before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./solve-worker.ts');
