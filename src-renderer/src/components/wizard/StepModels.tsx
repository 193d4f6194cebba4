import { useId } from 'react';
import { modelBadges, offeredModels, plural, serverName, sortModels } from '../../setup/wizard-logic';
import { selectedServer, useWizard } from '../../setup/wizard-store';
import { WizardNav } from './WizardNav';
import { WizardStep } from './WizardStep';

/** Step 2: which of the server's models the node offers, and which one answers tasks that name none. */
export function StepModels() {
  const server = useWizard(selectedServer);
  const choice = useWizard((s) => s.modelChoice);
  const setModelOffered = useWizard((s) => s.setModelOffered);
  const setDefaultModel = useWizard((s) => s.setDefaultModel);
  const goTo = useWizard((s) => s.goTo);
  const defaultId = useId();
  const defaultHintId = useId();

  if (!server || !choice || choice.url !== server.url) {
    return (
      <WizardStep n={2} title="Models" nav={<WizardNav step={2} blocked="Choose a server in step 1 first." />}>
        <p>Choose your LLM server in step 1 first; its models show up here.</p>
      </WizardStep>
    );
  }

  const rows = sortModels(server.models);
  const offered = offeredModels(server.models, choice);
  const offeredChat = offered.filter((m) => m.kind === 'chat');
  const offeredOther = offered.filter((m) => m.kind !== 'chat');
  const blocked = offered.length === 0 ? 'Offer at least one model: with none, your node has nothing to serve.' : null;

  return (
    <WizardStep n={2} title="Models" nav={<WizardNav step={2} blocked={blocked} onNext={() => goTo(3)} />}>
      <p>
        Your node offers the ticked models of {serverName(server.flavour)} at <code className="break">{server.url}</code> to the network. Unticked
        models stay private.
      </p>

      <ul className="model-rows" aria-label="Models on this server">
        {rows.map((m) => {
          const isOffered = !choice.excluded.includes(m.name);
          return (
            <li key={m.name} className={isOffered ? 'model-row' : 'model-row model-row-off'} data-testid="model-row" data-model={m.name} data-offered={isOffered}>
              <label className="model-label">
                <input type="checkbox" data-testid="model-offer" checked={isOffered} onChange={(e) => setModelOffered(m.name, e.target.checked)} />
                <span className="model-name" title={m.name}>
                  {m.name}
                </span>
              </label>
              <span className="model-badges">
                {modelBadges(m).map((b) => (
                  <span key={b.key} className={`pill pill-${b.tone}`}>
                    {b.label}
                  </span>
                ))}
              </span>
            </li>
          );
        })}
      </ul>
      <p className="muted small" aria-live="polite">
        {offered.length} of {plural(rows.length, 'model', 'models')} offered.
      </p>

      <div className="field field-default-model">
        <label htmlFor={defaultId}>Default model</label>
        <select
          id={defaultId}
          data-testid="default-model"
          value={choice.defaultModel ?? ''}
          disabled={offered.length === 0}
          aria-describedby={defaultHintId}
          onChange={(e) => setDefaultModel(e.target.value)}
        >
          {offered.length === 0 ? <option value="">No model offered</option> : null}
          {offeredChat.length > 0 ? (
            <optgroup label="Chat models">
              {offeredChat.map((m) => (
                <option key={m.name} value={m.name}>
                  {m.name}
                </option>
              ))}
            </optgroup>
          ) : null}
          {offeredOther.length > 0 ? (
            <optgroup label="Embedding models">
              {offeredOther.map((m) => (
                <option key={m.name} value={m.name}>
                  {m.name}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
        <p id={defaultHintId} className="field-hint">
          Used when a task names no model.
        </p>
      </div>
    </WizardStep>
  );
}
