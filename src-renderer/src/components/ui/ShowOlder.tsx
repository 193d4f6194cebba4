import { ErrorLine } from './ErrorLine';
import button from './Button.module.css';
import common from './common.module.css';
import { useT } from '../../i18n/useT';

interface Props {
  /** The button's words, such as "Show older tasks". */
  label: string;
  loading: boolean;
  /** Nothing older to show: the button goes, and `endWords` (if any) say so. */
  reachedEnd: boolean;
  endWords?: string;
  /** Why the last page could not be read. */
  error: string | null;
  onMore(): void;
  className?: string | undefined;
  testId?: string;
  /** The id of the line saying what is shown, read with the button. */
  describedBy?: string;
}

/** Under a list read a page at a time: the button that reads the next older page, or the words saying there is none. */
export function ShowOlder({
  label,
  loading,
  reachedEnd,
  endWords,
  error,
  onMore,
  className,
  testId,
  describedBy,
}: Props) {
  const t = useT();
  return (
    <div className={className}>
      {!reachedEnd ? (
        <button
          type="button"
          className={button.button}
          data-testid={testId}
          aria-describedby={describedBy}
          aria-disabled={loading || undefined}
          onClick={() => {
            if (!loading) onMore();
          }}
        >
          {loading ? t('common.loading') : label}
        </button>
      ) : endWords ? (
        <p className={common.note}>{endWords}</p>
      ) : null}
      <ErrorLine error={error} />
    </div>
  );
}
