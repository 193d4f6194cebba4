import { useId } from 'react';
import { useRegions } from '../../hooks/useRegions';
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
  const { state, askAgain } = useRegions(directoryUrl);
  const listId = useId();
  const regions = state.status === 'ready' ? state.list.regions : [];
  const words = state.status === 'failed' ? state.words : state.status === 'ready' ? state.list.words : null;

  return (
    <div className={styles.region}>
      <TextField
        label="Region"
        value={value}
        fixed={fixed}
        onChange={onChange}
        error={error}
        required
        id={id}
        list={regions.length > 0 ? listId : undefined}
        testId="region"
        hint="Advertised to the directory so nearby consumers find you. It starts with a letter and uses letters, digits, - and _, for example eu-west."
      />
      {regions.length > 0 ? (
        <datalist id={listId}>
          {regions.map((r) => (
            <option key={r.name} value={r.name} label={`${r.nodes} ${r.nodes === 1 ? 'node' : 'nodes'}`} />
          ))}
        </datalist>
      ) : null}
      {fixed ? null : (
        <div className={styles.suggestions} data-testid="region-suggestions" data-status={state.status === 'ready' && !state.list.ok ? 'failed' : state.status} aria-live="polite">
          {state.status === 'loading' ? <p className={styles.words}>Asking the directory which regions its nodes use…</p> : null}
          {regions.length > 0 ? (
            <>
              <p className={styles.words}>Regions nodes on the network use:</p>
              <ul className={`${common.bareList} ${styles.chips}`} aria-label="Regions on the network">
                {regions.map((r) => (
                  <li key={r.name}>
                    <button
                      type="button"
                      className={styles.chip}
                      aria-pressed={r.name === value.trim()}
                      data-testid="region-suggestion"
                      data-region={r.name}
                      title={`${r.nodes} ${r.nodes === 1 ? 'node uses' : 'nodes use'} this region`}
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
              {words} Type your own region.{' '}
              <button type="button" className={`${button.quiet} ${button.small}`} onClick={askAgain}>
                Ask again
              </button>
            </p>
          ) : null}
        </div>
      )}
    </div>
  );
}
