import { AppDefinition } from '../../lib';
import { EnvoySidecarStack } from './envoy-sidecar-stack';
import { IstioMeshStack } from './istio-stack';
import { NginxSidecarStack } from './nginx-sidecar-stack';

/** Cloud Native with Kubernetes, ch. 14: sidecars and the service mesh. */
export const meshApps: AppDefinition[] = [
  {
    name: 'mesh',
    description: 'Cloud Native with Kubernetes ch. 14: three services on Istio with a gateway, subsets and mutual TLS',
    build: (app) => new IstioMeshStack(app, 'mesh'),
  },
  {
    name: 'nginx-sidecar',
    description: 'Cloud Native with Kubernetes ch. 14: an app behind a TLS-terminating NGINX sidecar',
    build: (app) => new NginxSidecarStack(app, 'nginx-sidecar'),
  },
  {
    name: 'envoy-sidecar',
    description: 'Cloud Native with Kubernetes ch. 14: an Envoy sidecar routing to two services',
    build: (app) => new EnvoySidecarStack(app, 'envoy-sidecar'),
  },
];
