import { Fragment } from 'react';
import styles from './Token.module.css';

/** After these a line may break: the joints of addresses, URLs, paths and ids. */
const JOINTS = /(?<=[/\\:.?&=@_\-\]])/;

/**
 * A machine value (an address, a URL, a file name, an id) shown whole: it may wrap only after its punctuation,
 * so "203.0.113.7:9484" never becomes "203.0.113.7:94 / 84". The full value is its tooltip.
 */
export function Token({ value, className }: { value: string; className?: string }) {
  const parts = value.split(JOINTS);
  return (
    <code className={className ? `${styles.token} ${className}` : styles.token} title={value}>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </code>
  );
}
