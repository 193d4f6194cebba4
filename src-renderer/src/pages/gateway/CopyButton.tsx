import { useEffect, useState } from 'react';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';

type CopyState = 'idle' | 'copied' | 'failed';

interface Props {
  value: string;
  /** What is copied, for the button's name and the spoken confirmation ("base URL" → "Copy base URL"). */
  what: string;
  testId?: string;
}

/**
 * "Copy" beside a value: "Copied" for a moment, said to screen readers too. Where the clipboard is refused, it says to
 * select the value and copy it by hand (the value is on screen beside the button).
 */
export function CopyButton({ value, what, testId }: Props) {
  const [copy, setCopy] = useState<CopyState>('idle');

  useEffect(() => {
    if (copy !== 'copied') return;
    const t = window.setTimeout(() => setCopy('idle'), 2000);
    return () => window.clearTimeout(t);
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
        {copy === 'copied' ? 'Copied' : 'Copy'}
        <span className={common.visuallyHidden}> {what}</span>
      </button>
      <span className={copy === 'failed' ? common.note : common.visuallyHidden} role="status">
        {copy === 'copied' ? `The ${what} is copied.` : copy === 'failed' ? 'Copying was blocked: select the text and press Ctrl+C (⌘C on a Mac).' : ''}
      </span>
    </>
  );
}
