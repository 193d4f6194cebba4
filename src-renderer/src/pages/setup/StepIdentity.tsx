import { useId, useState } from 'react';
import type { OperatorInfo } from '@shared/contract';
import { OperatorImportForm } from '../../components/operator/OperatorImportForm';
import { OperatorNameForm } from '../../components/operator/OperatorNameForm';
import { useOperatorInfo } from '../../components/operator/useOperatorInfo';
import { Fact } from '../../components/ui/Fact';
import { Quoted } from '../../components/ui/Quoted';
import { identityPurpose } from '../../words/identity-words';
import { useWizardParts } from './wizard-store';
import type { IdentityChoice } from './wizard-state';
import { WizardNav } from './WizardNav';
import { WizardStep } from './WizardStep';
import type { MessageId } from '@shared/i18n/catalogue';
import { useT } from '../../i18n/useT';
import check from '../../components/ui/Check.module.css';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import styles from './StepIdentity.module.css';

const CHOICES: readonly { choice: IdentityChoice; label: MessageId; hint: MessageId }[] = [
  { choice: 'create', label: 'setup.identity.create', hint: 'setup.identity.createHint' },
  { choice: 'import', label: 'setup.identity.import', hint: 'setup.identity.importHint' },
  { choice: 'skip', label: 'setup.identity.skip', hint: 'setup.identity.skipHint' },
];

const BLOCKED: Record<IdentityChoice | 'none', MessageId | null> = {
  none: 'setup.identity.blockedNone',
  create: 'setup.identity.blockedCreate',
  import: 'setup.identity.blockedImport',
  skip: null,
};

const MADE_BY: Record<IdentityChoice, 'created' | 'imported' | null> = {
  create: 'created',
  import: 'imported',
  skip: null,
};

/**
 * Step 6: the operator identity that binds all the person's computers to one operator at the directory. Made here
 * with a name, taken from another computer's export file, or left for later; once there, its fingerprint is shown.
 */
export function StepIdentity() {
  const t = useT();
  const {
    identityChoice: choice,
    identityName,
    setIdentity,
    goTo,
  } = useWizardParts('identityChoice', 'identityName', 'setIdentity', 'goTo');
  const { info, known, take } = useOperatorInfo();
  const active = info.state === 'active';
  // An identity that appears after this step saw none was made here, by the form of the choice. Judged from what the
  // step saw, not from which arrives first: the snapshot that carries it, or the command's own answer.
  const [sawNone, setSawNone] = useState(false);
  if (known && info.state === 'none' && !sawNone) setSawNone(true);
  const made = active && sawNone ? MADE_BY[choice ?? 'skip'] : null;
  const blockedId = active ? null : BLOCKED[choice ?? 'none'];
  const blocked = blockedId ? t(blockedId) : null;

  return (
    <WizardStep
      n={6}
      nav={<WizardNav step={6} blocked={blocked} onNext={() => goTo(7)} />}
      data={{ 'data-identity': active ? 'active' : (choice ?? 'none') }}
    >
      <p>{identityPurpose()}</p>
      {active ? (
        <Ready info={info} made={made} />
      ) : (
        <>
          <Choices choice={choice} onChoose={(c) => setIdentity({ choice: c })} />
          {choice === 'create' ? (
            <OperatorNameForm
              formLabel={t('setup.identity.formLabel')}
              submitLabel={t('setup.identity.submit')}
              busyLabel={t('setup.identity.creating')}
              initial={identityName}
              hint={t('setup.identity.nameHint', { max: 64 })}
              send={(api, displayName) => api.createOperator({ displayName })}
              onName={(name) => setIdentity({ name })}
              onDone={take}
              testId="wizard-identity-create"
            />
          ) : null}
          {choice === 'import' ? (
            <OperatorImportForm replacing={false} onDone={take} testId="wizard-identity-import" />
          ) : null}
          {choice === 'skip' ? <p className={common.muted}>{t('setup.identity.skipped')}</p> : null}
        </>
      )}
    </WizardStep>
  );
}

function Choices({ choice, onChoose }: { choice: IdentityChoice | null; onChoose(choice: IdentityChoice): void }) {
  const t = useT();
  const name = useId();
  return (
    <fieldset className={styles.choices}>
      <legend className={styles.legend}>{t('setup.identity.question')}</legend>
      {CHOICES.map((c) => (
        <div key={c.choice} className={check.item}>
          <label className={check.check}>
            <input
              type="radio"
              name={name}
              value={c.choice}
              checked={choice === c.choice}
              aria-describedby={`${name}-${c.choice}`}
              data-testid={`wizard-identity-${c.choice}`}
              onChange={() => onChoose(c.choice)}
            />
            <span>{t(c.label)}</span>
          </label>
          <p id={`${name}-${c.choice}`} className={check.hint}>
            {t(c.hint)}
          </p>
        </div>
      ))}
    </fieldset>
  );
}

/** The identity in use: said once it was made or imported here, or found when the step opened. */
function Ready({ info, made }: { info: OperatorInfo; made: 'created' | 'imported' | null }) {
  const t = useT();
  const headline = t(
    made === 'created'
      ? 'setup.identity.readyCreated'
      : made === 'imported'
        ? 'setup.identity.readyImported'
        : 'setup.identity.readyFound',
  );
  return (
    <div
      className={styles.ready}
      role="status"
      data-testid="wizard-identity-ready"
      data-fingerprint={info.fingerprint ?? ''}
    >
      <p className={`${common.result} ${common.resultOk}`}>{headline}</p>
      <dl className={fact.plain}>
        <Fact label={t('setup.identity.fingerprint')}>
          <code className={common.break} data-testid="wizard-identity-fingerprint">
            {info.fingerprint ?? '…'}
          </code>
        </Fact>
        {info.displayName ? (
          <Fact label={t('setup.identity.operatorName')}>
            <Quoted text={info.displayName} />
          </Fact>
        ) : null}
      </dl>
      <p className={common.note}>{t('setup.identity.elsewhere')}</p>
    </div>
  );
}
