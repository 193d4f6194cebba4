/**
 * Child process for the durability test: writes to the store in a loop and acknowledges on stdout only
 * after each transaction committed. The parent SIGKILLs it at an arbitrary moment. Past a short burst the event
 * log counts repeats of one event on a row instead of adding rows, so most acknowledged events are counts.
 */
import { writeLine } from './stdout-line';
import { Store } from '@engine/store';

const store = Store.open(process.argv[2]!);
writeLine('ready');
for (let i = 1; ; i++) {
  if (i % 5 === 0) {
    store.settings.update({ displayName: `node ${i}`, maxConcurrent: (i % 64) + 1 });
    writeLine(`settings ${i}`);
  } else {
    const e = store.events.append('info', 'heartbeat_ok', `seq=${i}`);
    writeLine(`event ${e.id} ${e.count ?? 1} ${e.details}`);
  }
}
