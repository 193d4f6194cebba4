/**
 * Every English message, area by area (one file per room of the app). `enAreas` is the one list of areas: the German
 * catalogue is typed against it, so an area missing there fails to compile.
 */
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

export const enAreas = {
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
} as const;

/** The areas' messages as one object; ids are unique across areas, so no area hides another's. */
type Merged<Areas> = (Areas extends unknown ? (area: Areas) => void : never) extends (area: infer All) => void
  ? All
  : never;

export const en = Object.assign({}, ...Object.values(enAreas)) as Merged<(typeof enAreas)[keyof typeof enAreas]>;
