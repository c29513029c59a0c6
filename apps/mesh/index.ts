import { appDescription } from '../catalogue';
import { AppDefinition } from '../../lib';
import { EnvoySidecarStack } from './envoy-sidecar-stack';
import { IstioMeshStack } from './istio-stack';
import { NginxSidecarStack } from './nginx-sidecar-stack';

/** Cloud Native with Kubernetes, ch. 14: sidecars and the service mesh. */
export const meshApps: AppDefinition[] = [
  {
    name: 'mesh',
    description: appDescription('mesh'),
    build: (app) => new IstioMeshStack(app, 'mesh'),
  },
  {
    name: 'nginx-sidecar',
    description: appDescription('nginx-sidecar'),
    build: (app) => new NginxSidecarStack(app, 'nginx-sidecar'),
  },
  {
    name: 'envoy-sidecar',
    description: appDescription('envoy-sidecar'),
    build: (app) => new EnvoySidecarStack(app, 'envoy-sidecar'),
  },
];
