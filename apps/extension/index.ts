import { appDescription } from '../catalogue';
import { AppDefinition } from '../../lib';
import { CkaExtensionStack } from './cka-extension-stack';
import { DelayedJobStack } from './delayed-job-stack';

/** Cloud Native with Kubernetes ch. 13 and the CKA notes: extending Kubernetes with CRDs and operators. */
export const extensionApps: AppDefinition[] = [
  { name: 'extension', description: appDescription('extension'), build: (app) => new DelayedJobStack(app, 'extension') },
  { name: 'cka-extension', description: appDescription('cka-extension'), build: (app) => new CkaExtensionStack(app, 'cka-extension') },
];
