/**
 * Step 7's summary: everything chosen, one row a step, each with its "Change" button back to the step, and the
 * settings as they will be once saved.
 */
import type { ReactNode } from 'react';
import type { DetectedBackend, DetectedModel } from '@shared/contract';
import { formatCount, serverName } from '../../format';
import type { ModelChoice, StepNumber } from './wizard-logic';
import type { directoryCheckWords } from './DirectoryCheckPanel';
import type { useOperatorInfo } from '../../components/operator/useOperatorInfo';
import { noPublicAddressWords } from './network-step-words';
import type { afterStart } from './typed-settings';
import type { useStartAtLogin } from './StepLogin';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import styles from './StepStart.module.css';

const code = (c: ReactNode[]) => <code className={common.break}>{c}</code>;

interface StartSummaryProps {
  server: DetectedBackend;
  /** The other servers ticked, to be added. */
  extras: DetectedBackend[];
  /** The other servers the node already uses, which stay. */
  stillUsed: string[];
  offered: DetectedModel[];
  models: DetectedModel[];
  choice: ModelChoice;
  after: NonNullable<ReturnType<typeof afterStart>>;
  directory: ReturnType<typeof directoryCheckWords>;
  directoryChecked: boolean;
  startAtLogin: ReturnType<typeof useStartAtLogin>;
  operator: ReturnType<typeof useOperatorInfo>['info'];
  busy: boolean;
  goTo(step: StepNumber): void;
}

export function StartSummary({
  server,
  extras,
  stillUsed,
  offered,
  models,
  choice,
  after,
  directory,
  directoryChecked,
  startAtLogin,
  operator,
  busy,
  goTo,
}: StartSummaryProps) {
  const t = useT();
  const row = (label: string, step: StepNumber, value: ReactNode) => (
    <div className={styles.row}>
      <dt>{label}</dt>
      <dd>{value}</dd>
      <dd className={styles.change}>
        <button
          type="button"
          className={button.quiet}
          onClick={() => goTo(step)}
          aria-label={t('setup.start.changeRow', { label })}
          aria-disabled={busy || undefined}
        >
          {t('setup.start.change')}
        </button>
      </dd>
    </div>
  );

  return (
    <dl className={styles.summary} data-testid="wizard-summary">
      {row(
        t('setup.start.llmServer'),
        1,
        <Words
          id="setup.start.serverAt"
          values={{ server: serverName(server.flavour), url: server.url }}
          tags={{ code }}
        />,
      )}
      {extras.length > 0 || stillUsed.length > 0
        ? row(
            t('setup.start.otherServers'),
            1,
            <ul className={`${common.bareList} ${styles.extras}`} data-testid="wizard-summary-extras">
              {extras.map((c) => (
                <li key={c.url} data-url={c.url}>
                  <Words
                    id="setup.start.serverAt"
                    values={{ server: serverName(c.flavour), url: c.url }}
                    tags={{ code }}
                  />{' '}
                  <span className={common.muted}>{t('setup.start.modelCount', { count: c.models.length })}</span>
                </li>
              ))}
              {stillUsed.map((url) => (
                <li key={url} data-url={url}>
                  <code className={common.break}>{url}</code>{' '}
                  <span className={common.muted}>{t('setup.start.usedAlready')}</span>
                </li>
              ))}
            </ul>,
          )
        : null}
      {row(
        t('setup.start.modelsOffered'),
        2,
        <>
          <span className={common.break}>{offered.map((m) => m.name).join(', ') || t('setup.start.none')}</span>{' '}
          <span className={common.muted}>
            {t('setup.start.offeredOf', { offered: offered.length, count: models.length })}
          </span>
        </>,
      )}
      {row(
        t('setup.start.defaultModel'),
        2,
        choice.defaultModel ? (
          <code className={common.break}>{choice.defaultModel}</code>
        ) : (
          <span className={common.muted}>{t('setup.start.noPreference')}</span>
        ),
      )}
      {row(
        t('setup.network.publicAddress'),
        3,
        after.publicEndpoint ? (
          <code className={common.break}>{after.publicEndpoint}</code>
        ) : (
          <span>{noPublicAddressWords(after.relayFallback)}</span>
        ),
      )}
      {row(
        t('setup.start.directory'),
        3,
        <span
          data-testid="wizard-summary-directory"
          data-status={directory.ok === null ? 'unknown' : directory.ok ? 'ok' : 'failed'}
        >
          {directoryChecked ? directory.words : t('setup.start.directoryNotChecked')}
        </span>,
      )}
      {row(t('setup.field.maxConcurrent'), 4, formatCount(after.maxConcurrent))}
      {row(
        t('setup.steps.login.label'),
        5,
        t(
          startAtLogin.applies
            ? startAtLogin.value
              ? 'setup.start.loginOn'
              : 'setup.start.loginOff'
            : 'setup.start.loginHeadless',
        ),
      )}
      {row(
        t('setup.steps.identity.label'),
        6,
        operator.state === 'active' ? (
          <span data-testid="wizard-summary-identity">
            <Words id="setup.start.fingerprint" values={{ fingerprint: operator.fingerprint ?? '…' }} tags={{ code }} />
          </span>
        ) : (
          <span data-testid="wizard-summary-identity">{t('setup.start.noIdentity')}</span>
        ),
      )}
    </dl>
  );
}
