import { useState } from 'react';
import type { OperatorInfo } from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import { operatorDirectoryLabel } from '@shared/words/operator-words';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { Quoted } from '../../components/ui/Quoted';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { OperatorImportForm } from '../../components/operator/OperatorImportForm';
import { OperatorNameForm } from '../../components/operator/OperatorNameForm';
import { useOperatorInfo } from '../../components/operator/useOperatorInfo';
import { formatDate } from '../../format';
import { useT } from '../../i18n/useT';
import { DIRECTORY_STATE_TONE, identityOtherComputers, identityPurpose } from '../../words/identity-words';
import { OperatorExport } from './OperatorExport';
import { OperatorRotate } from './OperatorRotate';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import styles from './OperatorIdentitySettings.module.css';

type Panel = 'none' | 'rename' | 'export' | 'import' | 'rotate';

const PANELS: readonly { panel: Exclude<Panel, 'none'>; label: MessageId }[] = [
  { panel: 'rename', label: 'settings.identity.rename' },
  { panel: 'export', label: 'settings.identity.export' },
  { panel: 'import', label: 'settings.identity.import' },
  { panel: 'rotate', label: 'settings.identity.rotate' },
];

/** The display name's limit, as the contract sets it. */
const NAME_MAX = 64;

/**
 * "Your operator identity": what it is for; with none, a name and "Create", or an import; with one, its name,
 * fingerprint, dates, how the key is kept and what the directory says, and rename, export, import and a new key.
 */
export function OperatorIdentitySettings() {
  const t = useT();
  const { info, take } = useOperatorInfo();
  const [said, setSaid] = useState<string | null>(null);
  /** What happened last, said in the card's status line with the fingerprint now in use. */
  const done = (next: OperatorInfo, what: MessageId) => {
    take(next);
    setSaid(
      t('settings.identity.ready', {
        what: t(what),
        fingerprint: next.fingerprint ?? t('settings.identity.fingerprintUnknown'),
      }),
    );
  };

  return (
    <Card title={t('settings.sections.identity')} testId="operator-identity-card">
      <p>{identityPurpose()}</p>
      {info.state === 'active' ? (
        <ActiveIdentity info={info} done={done} say={setSaid} />
      ) : (
        <div className={styles.none} data-testid="operator-none">
          <p className={common.muted}>{t('settings.identity.none')}</p>
          <section className={styles.part} aria-label={t('settings.identity.createOne')}>
            <h3 className={common.subheading}>{t('settings.identity.createOne')}</h3>
            <OperatorNameForm
              formLabel={t('settings.identity.createForm')}
              submitLabel={t('settings.identity.create')}
              busyLabel={t('settings.identity.creating')}
              hint={t('settings.identity.nameHint', { max: NAME_MAX })}
              send={(api, displayName) => api.createOperator({ displayName })}
              onDone={(next) => done(next, 'settings.identity.created')}
              testId="operator-create"
            />
          </section>
          <section className={styles.part} aria-label={t('settings.identity.importOne')}>
            <h3 className={common.subheading}>{t('settings.identity.importTitle')}</h3>
            <OperatorImportForm
              replacing={false}
              onDone={(next) => done(next, 'settings.identity.imported')}
              testId="operator-import"
            />
          </section>
        </div>
      )}
      <p className={`${common.result} ${common.resultOk}`} role="status" data-testid="operator-status">
        {said}
      </p>
    </Card>
  );
}

function ActiveIdentity({
  info,
  done,
  say,
}: {
  info: OperatorInfo;
  done(next: OperatorInfo, what: MessageId): void;
  say(words: string | null): void;
}) {
  const t = useT();
  const [panel, setPanel] = useState<Panel>('none');
  const close = () => setPanel('none');

  return (
    <div className={styles.active} data-testid="operator-active" data-fingerprint={info.fingerprint ?? ''}>
      <dl className={`${fact.plain} ${styles.facts}`}>
        <Fact label={t('settings.identity.name')}>
          {info.displayName ? (
            <Quoted text={info.displayName} />
          ) : (
            <span className={common.muted}>{t('settings.identity.noName')}</span>
          )}
        </Fact>
        <Fact label={t('settings.identity.fingerprint')}>
          <code className={common.break} data-testid="operator-fingerprint">
            {info.fingerprint ?? '…'}
          </code>
        </Fact>
        <Fact label={t('settings.identity.createdAt')}>
          {info.createdAt ? (
            formatDate(info.createdAt)
          ) : (
            <span className={common.muted}>{t('settings.identity.notKnown')}</span>
          )}
        </Fact>
        <Fact label={t('settings.identity.rotatedAt')}>
          {info.rotatedAt ? formatDate(info.rotatedAt) : t('settings.identity.never')}
        </Fact>
        <Fact label={t('settings.identity.keyKept')}>
          {t(info.storedEncrypted ? 'settings.identity.encrypted' : 'settings.identity.plainFile')}
        </Fact>
        <Fact label={t('settings.identity.atDirectory')}>
          <span className={styles.directory} data-testid="operator-directory" data-state={info.directory}>
            <StatusBadge tone={DIRECTORY_STATE_TONE[info.directory]} align="baseline">
              {operatorDirectoryLabel(info.directory)}
            </StatusBadge>
            {info.problem ? <span className={styles.problem}>{t.said(info.problem)}</span> : null}
          </span>
        </Fact>
      </dl>
      <p className={common.note}>{identityOtherComputers()}</p>

      <div className={styles.buttons} role="group" aria-label={t('settings.identity.change')}>
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
            {t(label)}
          </button>
        ))}
      </div>

      {panel === 'rename' ? (
        <OperatorNameForm
          formLabel={t('settings.identity.renameForm')}
          label={t('settings.identity.newName')}
          submitLabel={t('settings.identity.saveName')}
          busyLabel={t('settings.identity.saving')}
          initial={info.displayName ?? ''}
          hint={t('settings.identity.renameHint', { max: NAME_MAX })}
          send={(api, displayName) => api.renameOperator({ displayName })}
          onDone={(next) => {
            close();
            done(next, 'settings.identity.renamed');
          }}
          onCancel={close}
          testId="operator-rename"
        />
      ) : null}
      {panel === 'export' ? (
        <OperatorExport
          onSaved={(filename) => {
            close();
            say(t('settings.identity.exported', { file: filename }));
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
            done(next, 'settings.identity.importedInUse');
          }}
          onCancel={close}
          testId="operator-import"
        />
      ) : null}
      {panel === 'rotate' ? (
        <OperatorRotate
          onDone={(next) => {
            close();
            done(next, 'settings.identity.rotated');
          }}
          onCancel={close}
        />
      ) : null}
    </div>
  );
}
