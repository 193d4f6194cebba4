import { formatFullTimestamp, formatTimestamp } from '../../format';
import { parseStep } from '../../words/network-words';
import { Card } from '../../components/ui/Card';

/** What the node tried while looking for a way in, oldest first, folded away until asked for. */
export function DetectionSteps({ steps }: { steps: string[] }) {
  return (
    <Card title="How the node checked">
      {steps.length === 0 ? (
        <p className="empty" data-testid="network-steps">
          No checks have run yet.
        </p>
      ) : (
        <details className="steps" data-testid="network-steps">
          <summary>
            Show the {steps.length === 1 ? 'step' : `${steps.length} steps`} taken, oldest first
          </summary>
          <ol className="step-list">
            {steps.map((line, i) => {
              const step = parseStep(line);
              return (
                // Steps are a log: the same words can repeat, so the position is part of the key.
                <li key={`${i}-${line}`} className="step-item" data-testid="network-step">
                  {step.at ? (
                    <time className="step-time" dateTime={step.at} title={formatFullTimestamp(step.at)}>
                      {formatTimestamp(step.at)}
                    </time>
                  ) : (
                    <span className="step-time" aria-hidden="true" />
                  )}
                  <span className="step-text">{step.text}</span>
                </li>
              );
            })}
          </ol>
        </details>
      )}
    </Card>
  );
}
