import { AppDefinition } from '../../lib';
import { KnativeStack } from './knative-stack';
import { OpenFaasStack } from './openfaas-stack';

/** Cloud Native with Kubernetes ch. 14 and Kubernetes for Serverless Applications ch. 9–10: functions on Kubernetes. */
export const serverlessApps: AppDefinition[] = [
  {
    name: 'knative',
    description: 'Cloud Native with Kubernetes ch. 14: Knative eventing (broker, trigger, consumer) and a scale-to-zero service with a traffic split',
    build: (app) => new KnativeStack(app, 'knative'),
  },
  {
    name: 'openfaas-hello',
    description: 'Kubernetes for Serverless Applications ch. 9-10: OpenFaaS with a secured gateway and the hello function',
    build: (app) => new OpenFaasStack(app, 'openfaas-hello'),
  },
];
