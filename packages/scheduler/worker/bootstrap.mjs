// Worker bootstrap, plain JavaScript on purpose: it loads before any TypeScript hook exists.
// When the pool runs from source (tests, development) it registers tsx so that the entry and
// every task module written in TypeScript can be imported; from dist it only imports the entry.
import { workerData } from 'node:worker_threads';

if (workerData?.typescript) {
  const { register } = await import('tsx/esm/api');
  register();
}
const entry = await import(workerData.entry);
export default entry.default;
