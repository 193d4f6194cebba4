import { useState } from 'react';
import type { OperatorInfo } from '@shared/contract';
import { OPERATOR_DIRECTORY_LABELS } from '@shared/words/operator-words';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { Quoted } from '../../components/ui/Quoted';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { OperatorImportForm } from '../../components/operator/OperatorImportForm';
import { OperatorNameForm } from '../../components/operator/OperatorNameForm';
import { useOperatorInfo } from '../../components/operator/useOperatorInfo';
import { formatDate } from '../../format';
import { DIRECTORY_STATE_TONE, IDENTITY_OTHER_COMPUTERS, IDENTITY_PURPOSE } from '../../words/identity-words';
import { OperatorExport } from './OperatorExport';
import { OperatorRotate } from './OperatorRotate';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import styles from './OperatorIdentitySettings.module.css';

type Panel = 'none' | 'rename' | 'export' | 'import' | 'rotate';

const PANELS: readonly { panel: Exclude<Panel, 'none'>; label: string }[] = [
  { panel: 'rename', label: 'Rename' },
  { panel: 'export', label: 'Export…' },
  { panel: 'import', label: 'Import…' },
  { panel: 'rotate', label: 'Replace the key…' },
];

/** What happened last, said in the card's status line. */
const ready = (info: OperatorInfo, what: string): string => `${what} Its fingerprint is ${info.fingerprint ?? 'not known yet'}.`;

/**
 * "Your operator identity": what it is for; with none, a name and "Create", or an import; with one, its name,
 * fingerprint, dates, how the key is kept and what the directory says, and rename, export, import and a new key.
 */
export function OperatorIdentitySettings() {
  const { info, take } = useOperatorInfo();
  const [said, setSaid] = useState<string | null>(null);
  const done = (next: OperatorInfo, what: string) => {
    take(next);
    setSaid(ready(next, what));
  };

  return (
    <Card title="Your operator identity" testId="operator-identity-card">
      <p>{IDENTITY_PURPOSE}</p>
      {info.state === 'active' ? (
        <ActiveIdentity info={info} done={done} say={setSaid} />
      ) : (
        <div className={styles.none} data-testid="operator-none">
          <p className={common.muted}>This computer has no operator identity yet. Create one here, or import the one you use on another computer.</p>
          <section className={styles.part} aria-label="Create one">
            <h3 className={common.subheading}>Create one</h3>
            <OperatorNameForm
              formLabel="Create your operator identity"
              submitLabel="Create"
              busyLabel="Creating…"
              hint="The name the directory shows for all your computers. At most 64 characters."
              send={(api, displayName) => api.createOperator({ displayName })}
              onDone={(next) => done(next, 'Your operator identity is ready.')}
              testId="operator-create"
            />
          </section>
          <section className={styles.part} aria-label="Import one">
            <h3 className={common.subheading}>Import one from another computer</h3>
            <OperatorImportForm replacing={false} onDone={(next) => done(next, 'Your operator identity was imported.')} testId="operator-import" />
          </section>
        </div>
      )}
      <p className={`${common.result} ${common.resultOk}`} role="status" data-testid="operator-status">
        {said}
      </p>
    </Card>
  );
}

function ActiveIdentity({ info, done, say }: { info: OperatorInfo; done(next: OperatorInfo, what: string): void; say(words: string | null): void }) {
  const [panel, setPanel] = useState<Panel>('none');
  const close = () => setPanel('none');

  return (
    <div className={styles.active} data-testid="operator-active" data-fingerprint={info.fingerprint ?? ''}>
      <dl className={`${fact.plain} ${styles.facts}`}>
        <Fact label="Operator name">{info.displayName ? <Quoted text={info.displayName} /> : <span className={common.muted}>None</span>}</Fact>
        <Fact label="Fingerprint">
          <code className={common.break} data-testid="operator-fingerprint">
            {info.fingerprint ?? '…'}
          </code>
        </Fact>
        <Fact label="Created">{info.createdAt ? formatDate(info.createdAt) : <span className={common.muted}>Not known</span>}</Fact>
        <Fact label="Key replaced">{info.rotatedAt ? formatDate(info.rotatedAt) : 'Never'}</Fact>
        <Fact label="Key kept">
          {info.storedEncrypted ? 'Encrypted by this computer’s key store.' : 'In a file only your user account can read; it is not encrypted.'}
        </Fact>
        <Fact label="At the directory">
          <span className={styles.directory} data-testid="operator-directory" data-state={info.directory}>
            <StatusBadge tone={DIRECTORY_STATE_TONE[info.directory]} align="baseline">
              {OPERATOR_DIRECTORY_LABELS[info.directory]}
            </StatusBadge>
            {info.problem ? <span className={styles.problem}>{info.problem}</span> : null}
          </span>
        </Fact>
      </dl>
      <p className={common.note}>{IDENTITY_OTHER_COMPUTERS}</p>

      <div className={styles.buttons} role="group" aria-label="Change your operator identity">
        {PANELS.map(({ panel: p, label }) => (
          <button
            key={p}
            type="button"
            className={p === 'rotate' ? button.dangerOutline : button.button}
            aria-expanded={panel === p}
            onClick={() => {
              say(null);
              setPanel(panel === p ? 'none' : p);
            }}
          >
            {label}
          </button>
        ))}
      </div>

      {panel === 'rename' ? (
        <OperatorNameForm
          formLabel="Rename your operator identity"
          label="New display name"
          submitLabel="Save name"
          busyLabel="Saving…"
          initial={info.displayName ?? ''}
          hint="The directory shows the new name after your node next registers. At most 64 characters."
          send={(api, displayName) => api.renameOperator({ displayName })}
          onDone={(next) => {
            close();
            done(next, 'The name is saved.');
          }}
          onCancel={close}
          testId="operator-rename"
        />
      ) : null}
      {panel === 'export' ? (
        <OperatorExport
          onSaved={(filename) => {
            close();
            say(`Your identity was saved as ${filename}. Keep the passphrase apart from the file.`);
          }}
          onCancel={close}
        />
      ) : null}
      {panel === 'import' ? (
        <OperatorImportForm
          replacing
          current={info.fingerprint}
          onDone={(next) => {
            close();
            done(next, 'The imported identity is now in use.');
          }}
          onCancel={close}
          testId="operator-import"
        />
      ) : null}
      {panel === 'rotate' ? (
        <OperatorRotate
          onDone={(next) => {
            close();
            done(next, 'A new key is in use. Export it again for your other computers.');
          }}
          onCancel={close}
        />
      ) : null}
    </div>
  );
}
