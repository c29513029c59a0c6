import { Construct } from 'constructs';
import { EnvValue, ExternalSecret, Probe, StatefulService } from '../../lib';
import { PLATFORM } from '../eks-platform/platform';
import { StateStore } from './state-store';

/**
 * Ch. 14, "MySQL StatefulSet" (Ex 14.01): MySQL keeps the counter on a 10Gi EBS volume that outlives the pod.
 * The book's `mysql:5.7` with a plaintext root password becomes MySQL 8.4 LTS whose credentials come from AWS
 * Secrets Manager through External Secrets; the app logs in as its own user, not root.
 */
export function mysqlStore(scope: Construct): StateStore {
  // The AWS Secrets Manager secret holds JSON with `username`, `password` and `root-password`.
  const remote = (property: string) => ({ key: PLATFORM.mysqlSecret, property });

  // MYSQL_USER / MYSQL_PASSWORD make the image create the app's user with rights on db1 only.
  const credentials = new ExternalSecret(scope, 'mysql-credentials', {
    data: {
      MYSQL_ROOT_PASSWORD: remote('root-password'),
      MYSQL_USER: remote('username'),
      MYSQL_PASSWORD: remote('password'),
    },
  });

  const mysqladminPing = ['mysqladmin', 'ping', '--host=127.0.0.1', '--silent'];
  const mysql = new StatefulService(scope, 'mysql', {
    image: 'mysql:8.4.7',
    ports: [{ name: 'mysql', port: 3306 }],
    env: { MYSQL_DATABASE: 'db1' },
    envFromSecrets: [credentials],
    claims: [{ name: 'data', mountPath: '/var/lib/mysql', subPath: 'mysql', size: '10Gi', storageClassName: PLATFORM.storageClass }],
    // mysqld writes its socket and pid file to /var/run/mysqld and temporary tables to /tmp.
    writablePaths: ['/tmp', '/var/run/mysqld'],
    runAsUser: 999, // the image's mysql user
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
    // The first start initializes the data directory with networking off; allow it five minutes.
    startup: Probe.exec(mysqladminPing, { periodSeconds: 10, failureThreshold: 30 }),
    readiness: Probe.exec(mysqladminPing),
    liveness: Probe.tcp('mysql'),
  });

  // The book's Secret `mysql-secret-config` with the Go DSN in CONN_STRING, now assembled in the cluster.
  const dsn = new ExternalSecret(scope, 'mysql-secret-config', {
    data: { username: remote('username'), password: remote('password') },
    template: { CONN_STRING: `{{ .username }}:{{ .password }}@tcp(${mysql.address('mysql')})/db1` },
  });

  return {
    appEnv: { CONN_STRING: EnvValue.fromSecret(dsn, 'CONN_STRING') },
    connect: (ns, app) => ns.allowTraffic({ from: app, to: mysql, ports: ['mysql'] }),
  };
}
