/**
 * Child process for the receipt durability test: a real node (file secret store, so its credentials outlive the
 * process) that registers, serves tasks and prints "ready <port>". The parent SIGKILLs it after tasks were
 * answered but before their receipts could be posted.
 */
import { writeLine } from './stdout-line';
import { ProviderNode } from '@engine/node/provider-node';

const [dataDir, port, directoryUrl, backendUrl] = process.argv.slice(2) as [string, string, string, string];
const node = new ProviderNode({
  dataDir,
  host: 'headless',
  appVersion: '0.1.0-test',
  taskHost: '127.0.0.1',
  taskPort: Number(port),
  allowPrivateEndpoint: true,
  tuning: {
    snapshotIntervalMs: 0,
    directoryStartupRetryDelaysMs: [200, 400],
    nat: { interfaces: () => ({}) },
    earnings: { retryBaseMs: 200 },
  },
  overrides: { directoryUrl, backendUrl, publicEndpoint: `http://127.0.0.1:${port}`, portMapping: 'off' },
});
await node.start();
const timer = setInterval(() => {
  if (node.getSnapshot().directory.link === 'registered') {
    clearInterval(timer);
    writeLine(`ready ${port}`);
  }
}, 50);
