import { useEffect, useRef, useState } from 'react';
import { shortenId } from '../format';
import button from './ui/Button.module.css';
import common from './ui/common.module.css';
import styles from './NodeIdField.module.css';
import { useT } from '../i18n/useT';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * The node's id: shortened on screen with the full value in the tooltip, and a button that copies the
 * full value. Where the clipboard is refused, the full id is shown selected so Ctrl+C still works.
 */
export function NodeIdField({ nodeId }: { nodeId: string }) {
  const t = useT();
  const [copy, setCopy] = useState<CopyState>('idle');
  const fullRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (copy !== 'copied') return;
    const timer = window.setTimeout(() => setCopy('idle'), 2000);
    return () => window.clearTimeout(timer);
  }, [copy]);

  useEffect(() => {
    if (copy !== 'failed' || !fullRef.current) return;
    const selection = window.getSelection();
    const range = document.createRange();
    range.selectNodeContents(fullRef.current);
    selection?.removeAllRanges();
    selection?.addRange(range);
  }, [copy]);

  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(nodeId);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <span className={styles.id}>
      <span className={styles.row}>
        <code data-testid="node-id" data-full={nodeId} title={nodeId}>
          {shortenId(nodeId)}
        </code>
        <button type="button" className={`${button.small} ${button.quiet}`} onClick={() => void onCopy()}>
          {copy === 'copied' ? t('components.nodeId.copied') : t('components.nodeId.copy')}
          <span className={common.visuallyHidden}> {t('components.nodeId.what')}</span>
        </button>
      </span>
      {copy === 'failed' ? (
        <span>
          <code ref={fullRef} className={`${common.break} ${common.selectAll}`}>
            {nodeId}
          </code>
          <span className={common.note}> {t('components.nodeId.blocked')}</span>
        </span>
      ) : null}
      <span className={common.visuallyHidden} role="status">
        {copy === 'copied' ? t('components.nodeId.done') : ''}
      </span>
    </span>
  );
}
