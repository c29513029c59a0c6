import { appDescription } from '../catalogue';
import { AppDefinition } from '../../lib';
import { falcoApp } from './falco-stack';
import { NetworkSegmentationStack } from './network-stack';
import { podSecurityApp } from './pod-security-stack';
import { RbacStack } from './rbac-stack';
import { webhookApp } from './webhook-stack';

/** Cloud Native with Kubernetes ch. 12, The Kubernetes Workshop ch. 13 and the CKA notes: cluster security. */
export const securityApps: AppDefinition[] = [
  {
    name: 'security-network',
    description: appDescription('security-network'),
    build: (app) => new NetworkSegmentationStack(app, 'security-network'),
  },
  {
    name: 'security-rbac',
    description: appDescription('security-rbac'),
    build: (app) => new RbacStack(app, 'security-rbac'),
  },
  podSecurityApp,
  webhookApp,
  falcoApp,
];
