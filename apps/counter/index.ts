import { AppDefinition } from '../../lib';
import { CounterStack } from './counter-stack';

/** The counter app with Redis in the cluster or in ElastiCache (Workshop ch. 12–13) and with MySQL (ch. 14). */
export const counterApps: AppDefinition[] = [
  {
    name: 'counter-redis',
    description: 'The Kubernetes Workshop ch. 12-13: the counter app backed by Redis',
    build: (app) => new CounterStack(app, 'counter-redis', { variant: 'redis' }),
  },
  {
    name: 'counter-elasticache',
    description: 'The Kubernetes Workshop Activity 12.01: the Redis counter app with its state in ElastiCache',
    build: (app) => new CounterStack(app, 'counter-elasticache', { variant: 'elasticache' }),
  },
  {
    name: 'counter-mysql',
    description: 'The Kubernetes Workshop ch. 14: the counter app backed by a MySQL StatefulSet',
    build: (app) => new CounterStack(app, 'counter-mysql', { variant: 'mysql' }),
  },
];
