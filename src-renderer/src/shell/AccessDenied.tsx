import { FullPageMessage } from './FullPageMessage';
import common from '../components/ui/common.module.css';

/** Headless only: the page has no token or the host refused it; nothing is loaded until that is fixed. */
export function AccessDenied() {
  return (
    <FullPageMessage title="Access token missing or wrong">
      <p>
        Open the link printed by <code>npm run headless</code> in the terminal where your node runs.
      </p>
      <p className={common.muted}>
        That link ends in <code>#token=…</code>. Unless the node was started with a fixed token, the link changes every time
        the node starts, so an old link or bookmark stops working.
      </p>
    </FullPageMessage>
  );
}
