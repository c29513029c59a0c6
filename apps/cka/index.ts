import { AppDefinition } from '../../lib';
import { appDescription } from '../catalogue';
import { CkaConfigStack } from './config-stack';
import { CkaControllersStack } from './controllers-stack';
import { CkaNamespacesStack } from './namespaces-stack';
import { CkaNetworkingStack } from './networking-stack';
import { CkaPodsStack } from './pods-stack';
import { CkaSchedulingStack } from './scheduling-stack';
import { CkaStorageStack } from './storage-stack';

/** The CKA notes' examples, one app per chapter: pods, controllers, configuration, scheduling, networking, storage, namespaces. */
export const ckaApps: AppDefinition[] = [
  { name: 'cka-pods', description: appDescription('cka-pods'), build: (app) => new CkaPodsStack(app, 'cka-pods') },
  { name: 'cka-controllers', description: appDescription('cka-controllers'), build: (app) => new CkaControllersStack(app, 'cka-controllers') },
  { name: 'cka-config', description: appDescription('cka-config'), build: (app) => new CkaConfigStack(app, 'cka-config') },
  { name: 'cka-scheduling', description: appDescription('cka-scheduling'), build: (app) => new CkaSchedulingStack(app, 'cka-scheduling') },
  { name: 'cka-networking', description: appDescription('cka-networking'), build: (app) => new CkaNetworkingStack(app, 'cka-networking') },
  { name: 'cka-storage', description: appDescription('cka-storage'), build: (app) => new CkaStorageStack(app, 'cka-storage') },
  { name: 'cka-namespaces', description: appDescription('cka-namespaces'), build: (app) => new CkaNamespacesStack(app, 'cka-namespaces') },
];
