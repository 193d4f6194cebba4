import { useId } from 'react';
import type { GatewaySettings, Settings } from '@shared/contract';
import type { getApi } from '../../api';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { FixedNote } from '../../components/ui/FixedNote';
import { useWizard } from './wizard-store';
import { useT } from '../../i18n/useT';
import check from '../../components/ui/Check.module.css';

/** The gateway's stored settings; an older host sends none. */
const storedGateway = (s: Settings | null): GatewaySettings | null =>
  (s?.gateway as GatewaySettings | undefined) ?? null;

/**
 * The answer shown and sent: what the person ticked here, else what is stored, else off; as stored when the host fixed
 * it.
 */
export function useGatewayChoice(): { on: boolean; fixed: boolean } {
  const typed = useWizard((s) => s.gatewayOn);
  const stored = useWizard((s) => storedGateway(s.settings)?.enabled ?? null);
  const fixed = useFixedSettings().has('gateway');
  return { on: fixed ? (stored ?? false) : (typed ?? stored ?? false), fixed };
}

/**
 * Stores the choice with the rest of setup, only when it differs from what is stored (and the host has not fixed it).
 * Null when nothing had to be stored; else the host's answer.
 */
export async function saveGatewayChoice(
  api: ReturnType<typeof getApi>,
  saved: Settings,
  choice: { on: boolean; fixed: boolean },
) {
  const stored = storedGateway(saved);
  if (choice.fixed || !stored || stored.enabled === choice.on) return null;
  return api.updateSettings({ gateway: { ...stored, enabled: choice.on } });
}

/** The last step's check box: let apps on this computer use the network through the local gateway. */
export function GatewayChoice({ busy }: { busy: boolean }) {
  const t = useT();
  const setGatewayOn = useWizard((s) => s.setGatewayOn);
  const { on, fixed } = useGatewayChoice();
  const hintId = useId();
  const fixedId = useId();
  return (
    <div className={check.item}>
      <label className={fixed ? `${check.check} ${check.disabled}` : check.check}>
        <input
          type="checkbox"
          data-testid="wizard-gateway"
          checked={on}
          disabled={fixed || busy}
          aria-describedby={fixed ? `${fixedId} ${hintId}` : hintId}
          onChange={(e) => setGatewayOn(e.target.checked)}
        />
        <span>{t('setup.gateway.label')}</span>
      </label>
      <p id={hintId} className={check.hint}>
        {t('setup.gateway.hint')}
      </p>
      {fixed ? <FixedNote id={fixedId} /> : null}
    </div>
  );
}
