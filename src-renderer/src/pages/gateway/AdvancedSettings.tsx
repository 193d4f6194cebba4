import { originProblem } from './gateway-words';
import { SavedList } from './SavedList';
import type { GatewaySettingsView } from './useGatewaySettings';
import disclosure from '../../components/ui/Disclosure.module.css';
import styles from './AdvancedSettings.module.css';

/**
 * What few people need, folded away: the web pages allowed to call the gateway from a browser. Browsers are refused
 * unless a page's origin is listed, so a web site the person visits cannot spend their credits.
 */
export function AdvancedSettings({ settings }: { settings: GatewaySettingsView }) {
  const { stored } = settings;
  if (!stored) return null;
  return (
    <details className={`${disclosure.details} ${disclosure.strong}`} open={stored.allowedOrigins.length > 0 || undefined} data-testid="gateway-advanced">
      <summary>Advanced</summary>
      <div className={styles.body}>
        <p>Web pages in a browser are refused, so a site you visit cannot spend your credits. Allow a page only if it is an app of your own on this computer.</p>
        <SavedList
          title="Web pages allowed"
          items={stored.allowedOrigins}
          empty="None: browsers are refused."
          inputLabel="Origin of a web page"
          hint="The scheme, host and port the page’s address starts with, such as http://localhost:3000."
          placeholder="http://localhost:3000"
          addLabel="Allow page"
          problem={(text, items) => originProblem(text, items)}
          save={(allowedOrigins) => settings.save({ allowedOrigins })}
          connected={settings.connected}
          testId="gateway-origins"
        />
      </div>
    </details>
  );
}
