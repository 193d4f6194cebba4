import { useId } from 'react';
import { useRegions } from '../../hooks/useRegions';
import { useT } from '../../i18n/useT';
import { TextField } from '../../components/ui/TextField';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import styles from './RegionField.module.css';

interface Props {
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  fixed?: boolean;
  id?: string;
  /** The directory whose nodes' regions are suggested (the saved one). */
  directoryUrl: string;
}

/**
 * The region: typed freely (the form checks it against the directory's rule), with the regions nodes on the directory
 * already use offered as suggestions, in the field's list and as buttons. Without an answer from the directory it is
 * a plain text field that says why nothing is suggested.
 */
export function RegionField({ value, onChange, error, fixed = false, id, directoryUrl }: Props) {
  const t = useT();
  const { state, askAgain } = useRegions(directoryUrl);
  const listId = useId();
  const regions = state.status === 'ready' ? state.list.regions : [];
  const words = state.status === 'failed' ? state.words : state.status === 'ready' ? state.list.words : null;

  return (
    <div className={styles.region}>
      <TextField
        label={t('settings.region.label')}
        value={value}
        fixed={fixed}
        onChange={onChange}
        error={error}
        required
        id={id}
        list={regions.length > 0 ? listId : undefined}
        testId="region"
        hint={t('settings.region.hint')}
      />
      {regions.length > 0 ? (
        <datalist id={listId}>
          {regions.map((r) => (
            <option key={r.name} value={r.name} label={t('settings.region.usedBy', { count: r.nodes })} />
          ))}
        </datalist>
      ) : null}
      {fixed ? null : (
        <div
          className={styles.suggestions}
          data-testid="region-suggestions"
          data-status={state.status === 'ready' && !state.list.ok ? 'failed' : state.status}
          aria-live="polite"
        >
          {state.status === 'loading' ? <p className={styles.words}>{t('settings.region.asking')}</p> : null}
          {regions.length > 0 ? (
            <>
              <p className={styles.words}>{t('settings.region.used')}</p>
              <ul className={`${common.bareList} ${styles.chips}`} aria-label={t('settings.region.list')}>
                {regions.map((r) => (
                  <li key={r.name}>
                    <button
                      type="button"
                      className={styles.chip}
                      aria-pressed={r.name === value.trim()}
                      data-testid="region-suggestion"
                      data-region={r.name}
                      title={t('settings.region.usedBy', { count: r.nodes })}
                      onClick={() => onChange(r.name)}
                    >
                      <span className={styles.chipName}>{r.name}</span>
                      <span className={styles.chipCount}>{r.nodes}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {words && regions.length === 0 ? (
            <p className={styles.words}>
              {t('settings.region.typeOwn', { why: t.said(words) })}{' '}
              <button type="button" className={`${button.quiet} ${button.small}`} onClick={askAgain}>
                {t('settings.region.askAgain')}
              </button>
            </p>
          ) : null}
        </div>
      )}
    </div>
  );
}
