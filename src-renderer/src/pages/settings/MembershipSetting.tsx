import { useState, type FormEvent } from 'react';
import { useCommand } from '../../hooks/useCommand';
import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';
import { NodeIdField } from '../../components/NodeIdField';
import { TextField } from '../../components/ui/TextField';
import common from '../../components/ui/common.module.css';
import formActions from '../../components/ui/FormActions.module.css';
import button from '../../components/ui/Button.module.css';

/**
 * A restricted trust domain's membership. Most directories admit anyone and need none; a
 * restricted one admits only nodes its operator issued a membership for. The value is a secret: it goes to the
 * engine's secret store and is never shown again — the page only says whether one is set.
 */
export function MembershipSetting() {
  const t = useT();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const applySnapshot = useProviderStore((s) => s.applySnapshot);
  const nodeId = useProviderStore((s) => s.snapshot?.node.nodeId ?? null);
  const set = useProviderStore((s) => s.snapshot?.directory.membership ?? false);
  const restricted = useProviderStore((s) => s.snapshot?.directory.link === 'restricted');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState<string | null>(null);
  const { step, run } = useCommand(
    (api, credential: string | null) => api.setMembership({ credential }),
    (snapshot, credential) => {
      setError(undefined);
      setValue('');
      applySnapshot(snapshot);
      setSaved(t(credential ? 'settings.membership.saved' : 'settings.membership.removed'));
      return { kind: 'idle' };
    },
    (refusal) => setError(refusal.issues?.[0]?.message ?? refusal.message),
  );
  const busy = step.kind === 'busy';

  const send = (credential: string | null) => {
    setSaved(null);
    void run(credential);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim() === '') {
      setError(t('settings.membership.empty'));
      return;
    }
    send(value.trim());
  };

  return (
    <form
      className={common.stack}
      onSubmit={onSubmit}
      data-testid="membership-setting"
      data-set={set ? 'true' : 'false'}
    >
      <p>{t(restricted ? 'settings.membership.restricted' : 'settings.membership.open')}</p>
      {nodeId ? (
        <p className={common.small}>
          <span className={common.muted}>{t('settings.membership.nodeId')} </span>
          <NodeIdField nodeId={nodeId} />
        </p>
      ) : null}
      <p className={common.small} data-testid="membership-state">
        {t(set ? 'settings.membership.isSet' : 'settings.membership.notSet')}
      </p>
      <TextField
        label={t(set ? 'settings.membership.replace' : 'settings.membership.label')}
        type="password"
        value={value}
        onChange={(v) => {
          setValue(v);
          setError(undefined);
        }}
        placeholder="iicp_mem_…"
        error={error}
        testId="membership-input"
      />
      <div className={formActions.actions}>
        <button type="submit" className={button.primary} disabled={!connected || busy} data-testid="membership-save">
          {t(busy ? 'settings.membership.saving' : 'settings.membership.save')}
        </button>
        {set ? (
          <button type="button" className={button.button} disabled={!connected || busy} onClick={() => send(null)}>
            {t('settings.membership.remove')}
          </button>
        ) : null}
      </div>
      {saved ? (
        <p className={common.small} role="status">
          {saved}
        </p>
      ) : null}
    </form>
  );
}
