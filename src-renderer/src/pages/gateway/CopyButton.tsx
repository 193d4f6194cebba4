import { useEffect, useState } from 'react';
import { useT } from '../../i18n/useT';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';

type CopyState = 'idle' | 'copied' | 'failed';

/** What a copy button copies: each has its own whole sentences, so "is" and "are" follow the thing copied. */
export type CopyWhat = 'baseUrl' | 'lines' | 'key' | 'keyLines';

const NAME = {
  baseUrl: 'gateway.copy.name.baseUrl',
  lines: 'gateway.copy.name.lines',
  key: 'gateway.copy.name.key',
  keyLines: 'gateway.copy.name.keyLines',
} as const;

const DONE = {
  baseUrl: 'gateway.copy.done.baseUrl',
  lines: 'gateway.copy.done.lines',
  key: 'gateway.copy.done.key',
  keyLines: 'gateway.copy.done.keyLines',
} as const;

interface Props {
  value: string;
  /** What is copied, for the button's name ("Copy base URL") and the spoken confirmation. */
  what: CopyWhat;
  testId?: string;
}

/**
 * "Copy" beside a value: "Copied" for a moment, said to screen readers too. Where the clipboard is refused, it says to
 * select the value and copy it by hand (the value is on screen beside the button).
 */
export function CopyButton({ value, what, testId }: Props) {
  const t = useT();
  const [copy, setCopy] = useState<CopyState>('idle');

  useEffect(() => {
    if (copy !== 'copied') return;
    const timer = window.setTimeout(() => setCopy('idle'), 2000);
    return () => window.clearTimeout(timer);
  }, [copy]);

  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <>
      <button type="button" className={button.small} data-testid={testId} onClick={() => void onCopy()}>
        {/* The short word shows; the whole name ("Copy base URL") is what a screen reader says. */}
        <span aria-hidden="true">{copy === 'copied' ? t('gateway.copy.copied') : t('gateway.copy.copy')}</span>
        <span className={common.visuallyHidden}>{t(NAME[what])}</span>
      </button>
      <span className={copy === 'failed' ? common.note : common.visuallyHidden} role="status">
        {copy === 'copied' ? t(DONE[what]) : copy === 'failed' ? t('gateway.copy.blocked') : ''}
      </span>
    </>
  );
}
