import { Construct } from 'constructs';
import { AppStack, ConfigMap, EnvValue, ExternalSecret, MountSource, Pod, SecureNamespace } from '../../lib';
import { PLATFORM } from '../eks-platform/platform';
import { IMAGES, SMALL } from './images';

/**
 * The CKA notes' configuration examples (seed-003a C1–C5): a ConfigMap read as variables and as files, an opaque
 * Secret and registry credentials. The Secrets come from AWS Secrets Manager through External Secrets, so their
 * values never reach Git.
 */
export class CkaConfigStack extends AppStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const ns = new SecureNamespace(this, 'cka-config', { labels: { ...PLATFORM.secretStoreAccessLabel } });

    // C1: special-config from literals.
    const special = new ConfigMap(ns, 'special-config', { data: { 'special.how': 'very', 'special.type': 'charm' } });

    // C2: one key as a variable, and the whole ConfigMap as variables; prints them once.
    new Pod(ns, 'test-container', {
      image: IMAGES.busybox, command: ['/bin/sh', '-c', 'env'], restartPolicy: 'Never', resources: SMALL,
      env: { SPECIAL_LEVEL_KEY: EnvValue.fromConfigMap(special, 'special.how') },
      envFrom: [special],
    });

    // C3: the ConfigMap as files under /etc/config.
    new Pod(ns, 'dapi-test-pod', {
      image: IMAGES.busybox, command: ['/bin/sh', '-c', 'ls /etc/config/'], restartPolicy: 'Never', resources: SMALL,
      mounts: [{ path: '/etc/config', source: MountSource.configMap(special) }],
    });

    // C4: prod-db-secret (username, password), filled from Secrets Manager.
    new ExternalSecret(ns, 'prod-db-secret', {
      data: {
        username: { key: 'cka/prod-db', property: 'username' },
        password: { key: 'cka/prod-db', property: 'password' },
      },
    });

    // C5: registry credentials (.dockerconfigjson) and a pod that pulls its image with them.
    const regcred = new ExternalSecret(ns, 'regcred', {
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': { key: 'cka/registry-credentials' } },
    });
    new Pod(ns, 'private-reg', {
      image: IMAGES.privateRegistry, containerName: 'private-reg-container', imagePullSecrets: [regcred], resources: SMALL,
      restartPolicy: 'Never',
    });
  }
}
