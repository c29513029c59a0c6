import { appDescription } from '../catalogue';
import { AppDefinition, GatewayController } from '../../lib';
import { CounterStack } from './counter-stack';

/**
 * The counter app with Redis in the cluster or in ElastiCache (Workshop ch. 12–13), published by an Ingress as in the
 * book, and with MySQL (ch. 14), published through the Gateway API (ingress-nginx was retired upstream).
 */
export const counterApps: AppDefinition[] = [
  {
    name: 'counter-redis',
    description: appDescription('counter-redis'),
    build: (app) => new CounterStack(app, 'counter-redis', { variant: 'redis' }),
  },
  {
    name: 'counter-elasticache',
    description: appDescription('counter-elasticache'),
    build: (app) => new CounterStack(app, 'counter-elasticache', { variant: 'elasticache' }),
  },
  {
    name: 'counter-mysql',
    description: appDescription('counter-mysql'),
    build: (app) => new CounterStack(app, 'counter-mysql', { variant: 'mysql', gateway: GatewayController.ENVOY_GATEWAY }),
  },
];
