import { offeredModels } from './wizard-logic';
import { serverName } from '../../format';
import { selectedServer, useWizard, useWizardParts } from './wizard-store';
import { ModelPicker } from '../../components/models/ModelPicker';
import { WizardNav } from './WizardNav';
import { WizardStep } from './WizardStep';
import common from '../../components/ui/common.module.css';

/** Step 2: which of the server's models the node offers, and which chat model answers tasks that name none. */
export function StepModels() {
  const server = useWizard(selectedServer);
  const { modelChoice: choice, setModelChoice, goTo } = useWizardParts('modelChoice', 'setModelChoice', 'goTo');

  if (!server || !choice || choice.url !== server.url) {
    return (
      <WizardStep n={2} nav={<WizardNav step={2} blocked="Choose a server in step 1 first." />}>
        <p>Choose your LLM server in step 1 first; its models show up here.</p>
      </WizardStep>
    );
  }

  const offered = offeredModels(server.models, choice);
  const blocked = offered.length === 0 ? 'Offer at least one model: with none, your node has nothing to serve.' : null;

  return (
    <WizardStep n={2} nav={<WizardNav step={2} blocked={blocked} onNext={() => goTo(3)} />}>
      <p>
        Your node offers the ticked models of {serverName(server.flavour)} at <code className={common.break}>{server.url}</code> to the network. Unticked
        models stay private.
      </p>
      <ModelPicker models={server.models} choice={choice} onChange={(c) => setModelChoice({ ...choice, ...c })} />
    </WizardStep>
  );
}
