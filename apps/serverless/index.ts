import { appDescription } from '../catalogue';
import { AppDefinition } from '../../lib';
import { KnativeStack } from './knative-stack';
import { OpenFaasStack } from './openfaas-stack';

/** Cloud Native with Kubernetes ch. 14 and Kubernetes for Serverless Applications ch. 9–10: functions on Kubernetes. */
export const serverlessApps: AppDefinition[] = [
  {
    name: 'knative',
    description: appDescription('knative'),
    build: (app) => new KnativeStack(app, 'knative'),
  },
  {
    name: 'openfaas-hello',
    description: appDescription('openfaas-hello'),
    build: (app) => new OpenFaasStack(app, 'openfaas-hello'),
  },
];
