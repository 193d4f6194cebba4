/** Shown before "and N more"; a server with dozens of models must not push the dashboard down. */
const VISIBLE = 6;

/** The models a server offers, as small chips; long lists fold away behind a disclosure. */
export function ModelList({ models }: { models: string[] }) {
  const shown = models.slice(0, VISIBLE);
  const rest = models.slice(VISIBLE);
  return (
    <div className="model-list">
      <ul className="chips" aria-label="Models">
        {shown.map((m) => (
          <li key={m} className="chip" title={m}>
            {m}
          </li>
        ))}
      </ul>
      {rest.length > 0 ? (
        <details className="more">
          <summary>and {rest.length} more</summary>
          <ul className="chips">
            {rest.map((m) => (
              <li key={m} className="chip" title={m}>
                {m}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
