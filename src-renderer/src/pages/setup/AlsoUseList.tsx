import { useId } from 'react';
import type { DetectedBackend } from '@shared/contract';
import { storedExtraRoots, urlId } from './wizard-logic';
import { serverName } from '../../format';
import { useWizard, useWizardParts } from './wizard-store';
import { extraRoom, usableAsExtra } from './wizard-servers';
import { useT } from '../../i18n/useT';
import wizard from './Wizard.module.css';
import common from '../../components/ui/common.module.css';
import field from '../../components/ui/FieldShell.module.css';
import check from '../../components/ui/Check.module.css';
import styles from './StepDetect.module.css';

/**
 * The other servers found, each to tick to "also use" besides the main one (off by default). One that waits for its
 * API key is ticked once its key works (typed on its card above); one the node already uses shows as such.
 */
export function AlsoUse({ servers, busy }: { servers: DetectedBackend[]; busy: boolean }) {
  const t = useT();
  const { alsoUse, setAlsoUse, settings } = useWizardParts('alsoUse', 'setAlsoUse', 'settings');
  const room = useWizard(extraRoom);
  const headingId = useId();
  const hintId = useId();
  const stored = storedExtraRoots(settings);
  return (
    <div
      className={`${wizard.part} ${styles.alsoUse}`}
      role="group"
      aria-labelledby={headingId}
      aria-describedby={hintId}
      data-testid="also-use-list"
    >
      <h3 id={headingId} className={common.subheading}>
        {t('setup.detect.alsoUseTitle')}
      </h3>
      <p id={hintId} className={field.hint}>
        {t('setup.detect.alsoUseHint')}
      </p>
      <ul className={`${common.bareList} ${styles.alsoUseList}`}>
        {servers.map((c) => {
          const already = stored.includes(c.url);
          const waiting = !usableAsExtra(c);
          const ticked = already || (!waiting && alsoUse.includes(c.url));
          const full = !ticked && room === 0;
          const inert = already || waiting || full || busy;
          const models = c.models.length;
          const note = already
            ? t('setup.detect.usedAlready')
            : waiting
              ? t('setup.detect.keyFirst')
              : full
                ? t('setup.detect.full', { max: 8 })
                : null;
          const noteId = `${hintId}-${urlId(c.url)}`;
          return (
            <li key={c.url} className={check.item} data-url={c.url}>
              <label
                className={
                  inert
                    ? `${check.check} ${check.disabled} ${styles.alsoUseLabel}`
                    : `${check.check} ${styles.alsoUseLabel}`
                }
              >
                <input
                  type="checkbox"
                  data-testid={`also-use-${urlId(c.url)}`}
                  checked={ticked}
                  disabled={inert || undefined}
                  aria-describedby={note ? noteId : undefined}
                  onChange={(e) => setAlsoUse(c.url, e.target.checked)}
                />
                <span className={styles.alsoUseText}>
                  <span>{t('setup.detect.alsoUse', { server: serverName(c.flavour) })}</span>
                  <code className={`${common.break} ${styles.url}`}>{c.url}</code>
                  <span className={styles.count}>{t('setup.detect.models', { count: models })}</span>
                </span>
              </label>
              {note ? (
                <p id={noteId} className={check.hint}>
                  {note}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
