import type { FleetInfo, Result } from '@shared/contract';
import { getApi } from '../../api';
import { useHostQuery } from '../../hooks/useHostQuery';
import { useProviderStore } from '../../store';
import { Card } from '../../components/ui/Card';
import { NodeIdField } from '../../components/NodeIdField';
import { SwitchField } from '../../components/ui/SwitchField';
import { nodeIdProblem } from './gateway-words';
import { machineName } from '../../words/fleet-words';
import { SavedList } from './SavedList';
import { choiceNotSaved, type GatewaySettingsView } from './useGatewaySettings';
import common from '../../components/ui/common.module.css';
import switchField from '../../components/ui/SwitchField.module.css';
import { useT } from '../../i18n/useT';

/**
 * Puts the list one step nearer `next`: the machine added or the one removed, by the Machines page's own commands, so
 * both pages edit the one machine list.
 */
async function changeList(listed: readonly string[], next: readonly string[]): Promise<Result<FleetInfo>> {
  const added = next.find((id) => !listed.includes(id));
  if (added) return getApi().addMachine({ nodeId: added });
  const gone = listed.find((id) => !next.includes(id));
  return gone ? getApi().forgetMachine({ nodeId: gone }) : getApi().getFleet({});
}

/** Which machines answer the gateway's requests: "only my machines", and the person's machine list by node ID. */
export function MachinesCard({ settings }: { settings: GatewaySettingsView }) {
  const t = useT();
  const nodeId = useProviderStore((s) => s.snapshot?.node.nodeId ?? null);
  const { stored, connected } = settings;
  // Asked again whenever the fleet meets or forgets a machine, so this list and the page's counts never disagree.
  const listed = useProviderStore((s) => s.snapshot?.fleet?.machines ?? 0);
  const fleet = useHostQuery(() => getApi().getFleet({}), String(listed));
  const listedOthers = (fleet.value?.machines ?? []).filter((m) => !m.self);
  const others = listedOthers.map((m) => m.nodeId);
  // The name the Machines page, the request log and the notices give each machine: the fleet's one resolver.
  const nameOf = (nodeId: string) => machineName(listedOthers.find((m) => m.nodeId === nodeId)?.name ?? nodeId);
  const save = async (next: string[]): Promise<Result<FleetInfo>> => {
    const result = await changeList(others, next);
    if (result.ok) fleet.replace(result.value);
    return result;
  };
  return (
    <Card title={t('gateway.machines.title')} testId="gateway-machines">
      <p>{t('gateway.machines.order')}</p>
      <SwitchField
        label={t('gateway.machines.onlyMine')}
        plainLabel
        className={switchField.wide}
        on={stored?.onlyMine ?? false}
        unavailable={!connected || !stored}
        hint={t('gateway.machines.onlyMineHint')}
        busyLabel={t('gateway.saving')}
        testId="gateway-only-mine"
        toggle={() => settings.flip('onlyMine', stored?.onlyMine ?? false)}
        failure={choiceNotSaved}
      />
      {fleet.value?.state === 'none' ? (
        <p className={common.muted} data-testid="gateway-my-nodes">
          {t('gateway.machines.noIdentity')}
        </p>
      ) : fleet.value ? (
        <SavedList
          title={t('gateway.machines.listTitle')}
          items={others}
          nameOf={nameOf}
          empty={t('gateway.machines.empty')}
          inputLabel={t('gateway.machines.inputLabel')}
          hint={t('gateway.machines.hint')}
          placeholder={t('gateway.machines.placeholder')}
          addLabel={t('gateway.machines.add')}
          problem={(text, items) => nodeIdProblem(text, items)}
          save={save}
          connected={connected}
          testId="gateway-my-nodes"
        />
      ) : null}
      {nodeId ? (
        <p className={common.small}>
          <span className={common.muted}>{t('gateway.machines.thisId')} </span>
          <NodeIdField nodeId={nodeId} />
        </p>
      ) : null}
    </Card>
  );
}
