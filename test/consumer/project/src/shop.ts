// A company's stack, written from the keelson README: a web shop with its database, and the Terraform state bucket.
import { App } from 'cdk8s';
import {
  AppDefinition, AppStack, ExternalSecret, EnvValue, SecureNamespace, StatefulService, WebService,
} from 'keelson';
import { PlatformStack, StateBackend, StateBucket, terraformApp } from 'keelson/aws';

export class ShopStack extends AppStack {
  public readonly web: WebService;

  public constructor(app: App, id: string) {
    super(app, id);
    const ns = new SecureNamespace(this, 'shop');
    const creds = new ExternalSecret(ns, 'db-credentials', {
      data: { POSTGRES_PASSWORD: { key: 'shop/db', property: 'password' } },
    });
    const db = new StatefulService(ns, 'db', {
      image: 'postgres:17.2', runAsUser: 999, ports: [{ name: 'postgres', port: 5432 }],
      claims: [{ name: 'data', mountPath: '/var/lib/postgresql/data', size: '20Gi', storageClassName: 'gp3' }],
      envFromSecrets: [creds], writablePaths: ['/tmp', '/var/run/postgresql'],
    });
    this.web = new WebService(ns, 'web', {
      image: 'ghcr.io/acme/shop:1.4.2', replicas: 3,
      env: { DB_HOST: db.host, DB_PASSWORD: EnvValue.fromSecret(creds, 'POSTGRES_PASSWORD') },
    });
    ns.allowTraffic({ from: this.web, to: db, ports: ['postgres'] });

    const state = new PlatformStack(terraformApp(app), 'shop-state', { region: 'eu-west-1', backend: StateBackend.local('terraform.tfstate') });
    new StateBucket(state, 'state', { bucketName: 'acme-shop-terraform-state' });
  }
}

export const apps: AppDefinition[] = [
  { name: 'shop', description: 'the web shop', build: (app) => new ShopStack(app, 'shop') },
];
