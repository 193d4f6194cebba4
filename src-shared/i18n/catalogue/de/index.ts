/**
 * Every German message, area by area; the areas are typed against English's list (`enAreas`) and each area file against
 * its English one, so no area and no id is missing. Importing this module adds German to the catalogue.
 */
import { addCatalogue } from '../registry';
import type { en, enAreas } from '../en';
import { messages as common } from './common';
import { messages as shell } from './shell';
import { messages as dashboard } from './dashboard';
import { messages as availability } from './availability';
import { messages as pricing } from './pricing';
import { messages as earnings } from './earnings';
import { messages as fleet } from './fleet';
import { messages as gateway } from './gateway';
import { messages as network } from './network';
import { messages as logs } from './logs';
import { messages as settings } from './settings';
import { messages as setup } from './setup';
import { messages as components } from './components';
import { messages as words } from './words';
import { messages as events } from './events';
import { messages as status } from './status';
import { messages as engine } from './engine';
import { messages as tray } from './tray';
import { messages as ladder } from './ladder';
import { messages as tunnel } from './tunnel';
import { messages as relay } from './relay';
import { messages as refusal } from './refusal';

type GermanAreas = { [Area in keyof typeof enAreas]: Record<keyof (typeof enAreas)[Area], string> };

const deAreas: GermanAreas = {
  common,
  shell,
  dashboard,
  availability,
  pricing,
  earnings,
  fleet,
  gateway,
  network,
  logs,
  settings,
  setup,
  components,
  words,
  events,
  status,
  engine,
  tray,
  ladder,
  tunnel,
  relay,
  refusal,
};

export const de = Object.assign({}, ...Object.values(deAreas)) as Record<keyof typeof en, string>;

addCatalogue('de', de);
