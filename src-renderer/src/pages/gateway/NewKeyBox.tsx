import { useEffect, useId, useRef } from 'react';
import { CONSUMER_QUOTE, Quoted } from '../../components/ui/Quoted';
import { CopyButton } from './CopyButton';
import { pasteLines } from './gateway-words';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import styles from './NewKeyBox.module.css';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';

interface Props {
  name: string;
  secret: string;
  /** The gateway's base URL while it listens, for the two lines with the key filled in. */
  baseUrl: string | null;
  /** The person has copied the key: the box and the key go, for good. */
  onClose(): void;
}

/**
 * A key just made, the only time it is shown: the key with its copy button, the two lines for an app with the key
 * filled in, and the sentence that it will not be shown again. Its heading takes focus, so a screen reader hears it.
 */
export function NewKeyBox({ name, secret, baseUrl, onClose }: Props) {
  const t = useT();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const lines = baseUrl ? pasteLines(baseUrl, secret) : null;

  return (
    <div className={styles.box} role="group" aria-labelledby={headingId} data-testid="gateway-new-key">
      <h3 id={headingId} ref={heading} tabIndex={-1} className={styles.title}>
        <Words id="gateway.newKey.title" tags={{ name: () => <Quoted text={name} {...CONSUMER_QUOTE} /> }} />
      </h3>
      <div className={styles.row}>
        <code className={`${styles.secret} ${common.selectAll}`} data-testid="gateway-new-secret">
          {secret}
        </code>
        <CopyButton value={secret} what="key" testId="gateway-copy-secret" />
      </div>
      <p className={styles.warning} data-testid="gateway-new-key-once">
        {t('gateway.newKey.once')}
      </p>
      {lines ? (
        <>
          <p>{t('gateway.newKey.orLines')}</p>
          <div className={styles.row}>
            <pre className={styles.lines}>{lines}</pre>
            <CopyButton value={lines} what="keyLines" />
          </div>
        </>
      ) : null}
      <div>
        <button type="button" className={button.button} onClick={onClose} data-testid="gateway-new-key-done">
          {t('gateway.newKey.done')}
        </button>
      </div>
    </div>
  );
}
