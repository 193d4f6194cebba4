import type { ContractErrorBody } from '@shared/contract';
import { describeError } from './wizard-logic';
import errorBox from '../../components/ui/ErrorBox.module.css';
import common from '../../components/ui/common.module.css';

/** A failed command in words: what did not happen, why (the host's message), and each field's problem. */
export function ErrorBox({ title, error }: { title: string; error: ContractErrorBody }) {
  const { summary, details } = describeError(error);
  return (
    <div className={errorBox.box} role="alert" data-testid="wizard-error" data-code={error.code}>
      <p className={errorBox.title}>{title}</p>
      <p>{summary}</p>
      {details.length > 0 ? (
        <ul className={common.plainList}>
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
