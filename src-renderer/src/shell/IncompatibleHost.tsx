import { API_VERSION } from '../api/protocol';
import { FullPageMessage } from './FullPageMessage';
import common from '../components/ui/common.module.css';

export function IncompatibleHost({ hostApiVersion }: { hostApiVersion: number }) {
  return (
    <FullPageMessage title="This page does not match the running node">
      <p>
        This page speaks version {API_VERSION} of the app's interface, but the node speaks version {hostApiVersion}. They come
        from different releases of IICP Provider.
      </p>
      <p className={common.muted}>
        Reload the page to fetch the one that belongs to the running node. If this message stays, reinstall or rebuild the
        app so both parts are from the same release.
      </p>
    </FullPageMessage>
  );
}
