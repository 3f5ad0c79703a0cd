/**
 * The loopback Hub of test/hub/ in its own process for bench/publish.ts, so that the publisher's peak RSS
 * is measured without the server's copy of the uploads. Prints `{"url": …}` on one line, runs until killed.
 */
import { startLoopbackHub } from '../test/hub/loopback-hub.js';

const hub = await startLoopbackHub();
process.stdout.write(`${JSON.stringify({ url: hub.url })}\n`);
process.on('SIGTERM', () => {
  void hub.close().then(() => process.exit(0));
});
