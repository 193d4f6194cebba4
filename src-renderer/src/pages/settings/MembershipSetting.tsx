import { useState, type FormEvent } from 'react';
import { getApi } from '../../api';
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
  const [busy, setBusy] = useState(false);

  const send = async (credential: string | null) => {
    setBusy(true);
    setSaved(null);
    const r = await getApi().setMembership({ credential });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.issues?.[0]?.message ?? r.error.message);
      return;
    }
    setError(undefined);
    setValue('');
    applySnapshot(r.value);
    setSaved(t(credential ? 'settings.membership.saved' : 'settings.membership.removed'));
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim() === '') {
      setError(t('settings.membership.empty'));
      return;
    }
    void send(value.trim());
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
          <button type="button" className={button.button} disabled={!connected || busy} onClick={() => void send(null)}>
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
