import type { FleetInfo, Result } from '@shared/contract';
import { getApi } from '../../api';
import { useHostQuery } from '../../hooks/useHostQuery';
import { useProviderStore } from '../../store';
import { Card } from '../../components/ui/Card';
import { NodeIdField } from '../../components/NodeIdField';
import { SwitchField } from '../../components/ui/SwitchField';
import { nodeIdProblem } from './gateway-words';
import { SavedList } from './SavedList';
import { choiceNotSaved, type GatewaySettingsView } from './useGatewaySettings';
import common from '../../components/ui/common.module.css';
import switchField from '../../components/ui/SwitchField.module.css';

const ONLY_MINE =
  'Only your own computers answer. They serve you for free, so nothing is spent. An app gets an error when none of them offers the model it asks for.';

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
  const nodeId = useProviderStore((s) => s.snapshot?.node.nodeId ?? null);
  const { stored, connected } = settings;
  // Asked again whenever the fleet meets or forgets a machine, so this list and the page's counts never disagree.
  const listed = useProviderStore((s) => s.snapshot?.fleet?.machines ?? 0);
  const fleet = useHostQuery(() => getApi().getFleet({}), String(listed));
  const others = (fleet.value?.machines ?? []).filter((m) => !m.self).map((m) => m.nodeId);
  const save = async (next: string[]): Promise<Result<FleetInfo>> => {
    const result = await changeList(others, next);
    if (result.ok) fleet.replace(result.value);
    return result;
  };
  return (
    <Card title="Which machines answer" testId="gateway-machines">
      <p>The gateway asks your own computers first, then other people’s machines in the directory’s order.</p>
      <SwitchField
        label="Only my machines"
        plainLabel
        className={switchField.wide}
        on={stored?.onlyMine ?? false}
        unavailable={!connected || !stored}
        hint={ONLY_MINE}
        busyLabel="Saving…"
        testId="gateway-only-mine"
        toggle={() => settings.flip('onlyMine', stored?.onlyMine ?? false)}
        failure={choiceNotSaved}
      />
      {fleet.value?.state === 'none' ? (
        <p className={common.muted} data-testid="gateway-my-nodes">
          Your machines are the computers that share this computer’s operator identity. Make or import one in Settings to list them here.
        </p>
      ) : fleet.value ? (
        <SavedList
          title="My other machines"
          items={others}
          empty="No other computer is listed. Computers with the same operator identity as this one serve it for free."
          inputLabel="Node ID of another computer"
          hint="Each computer shows its node ID on its Dashboard. The gateway asks the computers listed here first; they serve you for free when they share this computer’s operator identity. The Machines page shows the same list."
          placeholder="Paste a node ID"
          addLabel="Add computer"
          problem={(text, items) => nodeIdProblem(text, items)}
          save={save}
          connected={connected}
          testId="gateway-my-nodes"
        />
      ) : null}
      {nodeId ? (
        <p className={common.small}>
          <span className={common.muted}>This computer’s node ID, to add on your other computers: </span>
          <NodeIdField nodeId={nodeId} />
        </p>
      ) : null}
    </Card>
  );
}
