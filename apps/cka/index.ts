import { AppDefinition } from '../../lib';
import { appDescription } from '../catalogue';
import { CkaConfigStack } from './config-stack';
import { CkaControllersStack } from './controllers-stack';
import { CkaPodsStack } from './pods-stack';
import { CkaSchedulingStack } from './scheduling-stack';

/** The CKA notes' pods, controllers, configuration and scheduling examples, one app per chapter. */
export const ckaApps: AppDefinition[] = [
  { name: 'cka-pods', description: appDescription('cka-pods'), build: (app) => new CkaPodsStack(app, 'cka-pods') },
  { name: 'cka-controllers', description: appDescription('cka-controllers'), build: (app) => new CkaControllersStack(app, 'cka-controllers') },
  { name: 'cka-config', description: appDescription('cka-config'), build: (app) => new CkaConfigStack(app, 'cka-config') },
  { name: 'cka-scheduling', description: appDescription('cka-scheduling'), build: (app) => new CkaSchedulingStack(app, 'cka-scheduling') },
];
