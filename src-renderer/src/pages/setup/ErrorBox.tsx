import type { ContractErrorBody } from '@shared/contract';
import { describeError } from './wizard-logic';

/** A failed command in words: what did not happen, why (the host's message), and each field's problem. */
export function ErrorBox({ title, error }: { title: string; error: ContractErrorBody }) {
  const { summary, details } = describeError(error);
  return (
    <div className="error-box" role="alert" data-testid="wizard-error" data-code={error.code}>
      <p className="error-box-title">{title}</p>
      <p>{summary}</p>
      {details.length > 0 ? (
        <ul className="plain-list">
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
