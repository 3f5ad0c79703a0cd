/**
 * Worker-thread entry of the type-check: builds and warms the Project while the main thread
 * derives the registry and renders, then checks the files it is sent. Protocol:
 * in `{ files }` → out `{ diagnostics, inputPaths }` or `{ error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TypeCheckProject, type CheckOptions, type CheckedFile } from './type-check-project.js';

const port = parentPort;
if (!port) throw new Error('check-worker.ts runs only as a worker thread');
const project = new TypeCheckProject(workerData as CheckOptions);
const warmed = project.warm().then(
  () => null,
  (error: unknown) => error,
);
port.on('message', async (message: { files: CheckedFile[] }) => {
  try {
    const warmError = await warmed;
    if (warmError) throw warmError;
    port.postMessage(await project.check(message.files));
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
