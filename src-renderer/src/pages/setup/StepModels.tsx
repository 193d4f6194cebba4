import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { offeredModels } from './wizard-logic';
import { serverName } from '../../format';
import { useWizard, useWizardParts } from './wizard-store';
import { modelServers, modelsOf } from './wizard-servers';
import { ModelPicker } from '../../components/models/ModelPicker';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import { WizardNav } from './WizardNav';
import { WizardStep } from './WizardStep';
import common from '../../components/ui/common.module.css';

const code = (c: ReactNode[]) => <code className={common.break}>{c}</code>;

/**
 * Step 2: which models the node offers, listed by the server that has them (the main one and each other one it will
 * use), and which chat model answers tasks that name none; any server's chat model can be it.
 */
export function StepModels() {
  const t = useT();
  const servers = useWizard(useShallow(modelServers));
  const { modelChoice: choice, setModelChoice, goTo } = useWizardParts('modelChoice', 'setModelChoice', 'goTo');
  const server = servers[0];

  if (!server || !choice || choice.url !== server.url) {
    return (
      <WizardStep n={2} nav={<WizardNav step={2} blocked={t('setup.models.chooseServerFirst')} />}>
        <p>{t('setup.models.noServerYet')}</p>
      </WizardStep>
    );
  }

  const models = modelsOf(servers);
  const offered = offeredModels(models, choice);
  const blocked = offered.length === 0 ? t('setup.models.offerOne') : null;
  const groups =
    servers.length > 1
      ? servers.map((c) => ({
          key: c.url,
          title: (
            <Words
              id="setup.models.serverTitle"
              values={{ server: serverName(c.flavour), url: c.url, count: c.models.length }}
              tags={{ code }}
            />
          ),
          models: c.models,
        }))
      : undefined;

  return (
    <WizardStep n={2} nav={<WizardNav step={2} blocked={blocked} onNext={() => goTo(3)} />}>
      <p>
        {servers.length > 1 ? (
          t('setup.models.introSeveral', { count: servers.length })
        ) : (
          <Words
            id="setup.models.introOne"
            values={{ server: serverName(server.flavour), url: server.url }}
            tags={{ code }}
          />
        )}
      </p>
      <ModelPicker
        models={models}
        groups={groups}
        choice={choice}
        onChange={(c) => setModelChoice({ ...choice, ...c })}
      />
    </WizardStep>
  );
}
