import { useProviderStore } from '../../store';
import { Fact } from '../../components/ui/Fact';
import { Token } from '../../components/ui/Token';

/** Where the data lives and what this host cannot do, so nobody has to guess. */
export function AboutApp() {
  const info = useProviderStore((s) => s.appInfo);
  if (!info) return <p className="muted">Loading…</p>;
  return (
    <>
      <p>
        Your data lives in <Token value={info.dataDir} />
      </p>
      <dl className="facts">
        <Fact label="Version">{info.appVersion}</Fact>
        <Fact label="Running as">{info.host === 'headless' ? 'Headless host (no window)' : 'Desktop app'}</Fact>
        <Fact label="Platform">{info.platform}</Fact>
      </dl>
      <h3 className="subheading">Limitations</h3>
      {info.limitations.length === 0 ? (
        <p className="muted">None: this host can observe everything the app uses.</p>
      ) : (
        <ul className="plain-list">
          {info.limitations.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
    </>
  );
}
