import { useState, type FormEvent } from 'react';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';
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
    setSaved(credential ? 'Saved. The node tries to join with it now.' : 'Removed.');
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim() === '') {
      setError('Paste the membership first.');
      return;
    }
    void send(value.trim());
  };

  return (
    <form className={common.stack} onSubmit={onSubmit} data-testid="membership-setting" data-set={set ? 'true' : 'false'}>
      <p>
        {restricted
          ? 'Your directory only admits members of its trust domain. Give its operator your node ID, then paste the membership they send you.'
          : 'Only needed for a restricted directory (a private trust domain). The public IICP network needs none.'}
      </p>
      {nodeId ? (
        <p className={common.small}>
          <span className={common.muted}>Your node ID: </span>
          <NodeIdField nodeId={nodeId} />
        </p>
      ) : null}
      <p className={common.small} data-testid="membership-state">
        {set ? 'A membership is set (kept with your other secrets, never shown).' : 'No membership is set.'}
      </p>
      <TextField
        label={set ? 'Replace the membership' : 'Membership'}
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
          {busy ? 'Saving…' : 'Save membership'}
        </button>
        {set ? (
          <button type="button" className={button.button} disabled={!connected || busy} onClick={() => void send(null)}>
            Remove
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
