import { useProviderStore } from '../../store';
import { Fact } from '../../components/ui/Fact';
import { Token } from '../../components/ui/Token';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';

/** Where the data lives and what this host cannot do, so nobody has to guess. */
export function AboutApp() {
  const info = useProviderStore((s) => s.appInfo);
  if (!info) return <p className={common.muted}>Loading…</p>;
  return (
    <>
      <p>
        Your data lives in <Token value={info.dataDir} />
      </p>
      <dl className={fact.facts}>
        <Fact label="Version">{info.appVersion}</Fact>
        <Fact label="Running as">{info.host === 'headless' ? 'Headless host (no window)' : 'Desktop app'}</Fact>
        <Fact label="Platform">{info.platform}</Fact>
      </dl>
      <h3 className={common.subheading}>Limitations</h3>
      {info.limitations.length === 0 ? (
        <p className={common.muted}>None: this host can observe everything the app uses.</p>
      ) : (
        <ul className={common.plainList}>
          {info.limitations.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
    </>
  );
}
