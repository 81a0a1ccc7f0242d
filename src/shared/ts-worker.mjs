// Entry of every worker thread while the code runs as TypeScript (tsx, vitest): a worker starts a
// fresh module loader, and neither tsx's register() nor `--import tsx` in execArgv reaches it
// (checked on Node 20.20), so the worker registers tsx itself, then loads the real module named in
// workerData. The built code (dist/) starts its compiled .js workers directly and never loads this.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const loaded = await import(workerData.module);

// piscina calls the default export of its worker file: hand over the real module's.
export default loaded.default;
