import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadAll } from 'js-yaml';
import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { annotationSuppressions } from '../../../lib/policy/suppressions';
import { helmTargets, kubernetesTarget, terraformTargets } from '../../../lib/policy/targets';
import { PolicyTarget } from '../../../lib/policy/types';
import { eks, k, obj, tf } from './fixtures';
import { bindingTo, clusterRole, istioGateway, netpol, release, role, rolePolicy } from './security-cases';

const PEERS = process.env.PEER_FIXTURES ?? path.join(__dirname, '../../../../shared/peer-policy-fixtures');
const peerDocs = (file: string): PolicyTarget[] => (loadAll(fs.readFileSync(path.join(PEERS, file), 'utf8')) as any[])
  .filter((d) => d && typeof d === 'object').map((d) => kubernetesTarget(d));

/** The messages of one check over the targets (sorted, as reports are), with the suppressions their annotations declare. */
function messages(id: string, targets: PolicyTarget[]): string[] {
  const check = BUILTIN_CHECKS.find((c) => c.id === id)!;
  return runPolicy(targets, { checks: [check], suppressions: annotationSuppressions(targets) }).findings.map((f) => f.message);
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** An RBAC object as Kubernetes ships it: labelled kubernetes.io/bootstrapping: rbac-defaults. */
const bootstrapped = (o: any) => ({ ...o, metadata: { ...o.metadata, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } } });

describe('RBAC: escalate, bind, impersonate and creating pods', () => {
  test('escalate and bind on roles, impersonate on identities are reported, each with the rule and what it allows', () => {
    expect(messages('rbac-privilege-escalation', k(role([
      { apiGroups: [RBAC_GROUP], resources: ['roles', 'rolebindings'], verbs: ['escalate', 'get'] },
      { apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['uids'], verbs: ['impersonate'] },
    ])))).toEqual([
      'rule 0 allows escalate on roles (it can write roles with permissions it does not hold)',
      'rule 1 allows impersonate on users, groups (it can act as other identities)',
      'rule 2 allows impersonate on uids (it can act as other identities)',
    ]);
    // A "*" verb on the RBAC resources includes escalate and bind.
    expect(messages('rbac-privilege-escalation', k(clusterRole([{ apiGroups: [RBAC_GROUP], resources: ['*'], verbs: ['*'] }])))).toEqual([
      'rule 0 allows bind on roles, clusterroles (it can bind roles with permissions it does not hold)',
      'rule 0 allows escalate on roles, clusterroles (it can write roles with permissions it does not hold)',
    ]);
  });

  test('creating bindings, reading roles, or the same verbs on other resources pass', () => {
    expect(messages('rbac-privilege-escalation', k(clusterRole([
      { apiGroups: [RBAC_GROUP], resources: ['rolebindings', 'roles'], verbs: ['create', 'get', 'list'] },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['users'], verbs: ['impersonate'] },
    ])))).toEqual([]);
  });

  test('create on pods is reported, in the core group or through "*"; other groups and verbs pass', () => {
    expect(messages('rbac-create-pods', k(role([
      { apiGroups: ['apps'], resources: ['pods', 'deployments'], verbs: ['create'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'delete'] },
      { apiGroups: ['*'], resources: ['*'], verbs: ['create'] },
    ])))).toEqual(['rule 2 allows create on pods (a pod can run as any ServiceAccount of the namespace and mount its Secrets)']);
  });

  test('a reason recorded with the suppression annotation accepts the finding, and the report lists it', () => {
    const reasoned = k(obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'job-runner', undefined, {
      metadata: { name: 'job-runner', annotations: { 'suppress.policy.keelson.dev/rbac-create-pods': 'the CI runner starts one pod per build job' } },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }],
    }));
    const check = BUILTIN_CHECKS.find((c) => c.id === 'rbac-create-pods')!;
    const report = runPolicy(reasoned, { checks: [check], suppressions: annotationSuppressions(reasoned) });
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((s) => [s.finding.message, s.reason])).toEqual([[
      'rule 0 allows create on pods (a pod can run as any ServiceAccount of the namespace and mount its Secrets)', 'the CI runner starts one pod per build job',
    ]]);
  });

  test('pods/exec is also granted by "*/exec"', () => {
    expect(messages('rbac-pods-exec', k(role([{ apiGroups: [''], resources: ['*/exec'], verbs: ['create'] }])))).toEqual(['rule 0 allows pods/exec']);
  });
});

describe('RBAC: vendor roles and admin-equivalent roles', () => {
  const everything = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }];
  const ROLE_CHECKS = ['rbac-wildcard', 'rbac-pods-exec', 'rbac-privilege-escalation', 'rbac-create-pods', 'rbac-rule-api-group'];

  test.each(ROLE_CHECKS)('%s: the roles Kubernetes and cloud providers ship do not fail', (id) => {
    const vendor = k(
      clusterRole(everything, 'cluster-admin'),
      clusterRole([{ apiGroups: [''], resources: ['pods', 'pods/exec'], verbs: ['create'] }], 'admin'),
      bootstrapped(clusterRole([{ apiGroups: [RBAC_GROUP], resources: ['clusterroles'], verbs: ['escalate'] }], 'system:controller:clusterrole-aggregation-controller')),
      clusterRole(everything, 'eks:addon-manager'),
      role(everything, 'gce:podsecuritypolicy:calico-sa'),
    );
    expect(messages(id, vendor)).toEqual([]);
    // The same rules under a name of your own fail.
    expect(messages(id, k(clusterRole([...everything, { apiGroups: ['apps'], resources: ['jobs'], verbs: ['get'] }], 'my-admin'))).length).toBeGreaterThan(0);
  });

  test('a binding to a role with every verb on every resource of every group is cluster-admin; to cluster-admin itself too', () => {
    expect(messages('rbac-cluster-admin-binding', k(clusterRole(everything, 'superuser'), bindingTo('ClusterRoleBinding', 'ClusterRole', 'superuser'))))
      .toEqual(['the binding grants ClusterRole superuser, whose rule 0 allows every verb on every resource of every API group: cluster-admin across the cluster']);
    expect(messages('rbac-cluster-admin-binding', k(clusterRole(everything, 'cluster-admin'), bindingTo('ClusterRoleBinding', 'ClusterRole', 'cluster-admin', 'ops-admins'))))
      .toEqual(['the binding grants cluster-admin']);
  });

  test('Polaris rolebindingClusterAdminRole: all seven verbs are as broad as "*"; explicit groups, resources or verbs pass', () => {
    expect(messages('rbac-cluster-admin-binding', peerDocs('polaris/test/checks/rolebindingClusterAdminRole/failure.all_verbs.yaml')))
      .toEqual(['the binding grants Role test, whose rule 0 allows every verb on every resource of every API group: cluster-admin within namespace test']);
    for (const ok of ['success.explicit_apigroups.yaml', 'success.explicit_resources.yaml', 'success.explicit_verbs.yaml']) {
      expect([ok, messages('rbac-cluster-admin-binding', peerDocs(`polaris/test/checks/rolebindingClusterAdminRole/${ok}`))]).toEqual([ok, []]);
    }
  });

  test('bindings of your own to vendor roles count; vendor bindings (system:*, the default cluster-admin binding) do not', () => {
    expect(messages('rbac-cluster-admin-binding', k(clusterRole(everything, 'system:test'), bindingTo('RoleBinding', 'ClusterRole', 'system:test'))))
      .toEqual(['the binding grants ClusterRole system:test, whose rule 0 allows every verb on every resource of every API group: cluster-admin within namespace shop']);
    expect(messages('rbac-cluster-admin-binding', k(
      bindingTo('ClusterRoleBinding', 'ClusterRole', 'cluster-admin', 'cluster-admin'),
      bootstrapped(bindingTo('RoleBinding', 'ClusterRole', 'cluster-admin', 'system:controller:bootstrap-signer')),
    ))).toEqual([]);
  });

  test('a system:* name exempts only what Kubernetes ships (label kubernetes.io/bootstrapping: rbac-defaults): anyone can pick the name', () => {
    expect(messages('rbac-pods-exec', k(clusterRole(everything, 'system:test')))).toEqual(['rule 0 allows pods/attach', 'rule 0 allows pods/exec']);
    expect(messages('rbac-pods-exec', k(bootstrapped(clusterRole(everything, 'system:test'))))).toEqual([]);
    expect(messages('rbac-cluster-admin-binding', k(clusterRole(everything, 'test'), bindingTo('ClusterRoleBinding', 'ClusterRole', 'test', 'system:test'))))
      .toEqual(['the binding grants ClusterRole test, whose rule 0 allows every verb on every resource of every API group: cluster-admin across the cluster']);
    // eks: and gce: names are the clouds' own, exempt by name.
    expect(messages('rbac-pods-exec', k(clusterRole(everything, 'eks:addon-manager')))).toEqual([]);
  });

  test('a ClusterRole with a metadata.namespace (which the API ignores) is still the role a binding names', () => {
    const namespaced = { ...clusterRole(everything, 'system:test'), metadata: { name: 'system:test', namespace: 'test' } };
    expect(messages('rbac-cluster-admin-binding', k(namespaced, bindingTo('RoleBinding', 'ClusterRole', 'system:test'))))
      .toEqual(['the binding grants ClusterRole system:test, whose rule 0 allows every verb on every resource of every API group: cluster-admin within namespace shop']);
  });

  test('a RoleBinding to a ClusterRole that reads Secrets is reported as namespace-wide; a Role, or named Secrets, pass', () => {
    expect(messages('rbac-cluster-secrets-read', k(bindingTo('RoleBinding', 'ClusterRole', 'edit'))))
      .toEqual(['the binding lets its subjects read every Secret of namespace shop (namespace-wide, ClusterRole edit)']);
    expect(messages('rbac-cluster-secrets-read', k(
      clusterRole([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['tls'] }], 'tls-reader'),
      bindingTo('RoleBinding', 'ClusterRole', 'tls-reader'),
      role([{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }], 'secret-reader'),
      bindingTo('RoleBinding', 'Role', 'secret-reader', 'b2'),
      bindingTo('RoleBinding', 'ClusterRole', 'view', 'b3'),
    ))).toEqual([]);
    expect(messages('rbac-cluster-secrets-read', k(bindingTo('ClusterRoleBinding', 'ClusterRole', 'admin'))))
      .toEqual(['the binding lets its subjects read Secrets in every namespace (ClusterRole admin)']);
  });
});

describe('secret-values: ConfigMaps and ExternalSecret templates', () => {
  const configMap = (data: Record<string, unknown>, extra: Record<string, unknown> = {}) => k(obj('v1', 'ConfigMap', 'app', 'shop', { data, ...extra }));

  test('Polaris sensitiveConfigmapContent: a password key and a private key value fail; plain settings pass', () => {
    const dir = 'polaris/test/checks/sensitiveConfigmapContent';
    expect(messages('secret-values', peerDocs(`${dir}/failure.key_password.yaml`))).toEqual(['data key "db_password" is named like a credential and holds a literal value']);
    expect(messages('secret-values', peerDocs(`${dir}/failure.value_private_key.yaml`))).toEqual(['data key "ssh_access" holds a PEM private key']);
    expect(messages('secret-values', peerDocs(`${dir}/failure.key_aws_secret_access_key.yaml`)))
      .toEqual(['data key "AWS_SECRET_ACCESS_KEY" is named like a credential and holds a literal value']);
    expect(messages('secret-values', peerDocs(`${dir}/failure.key_azure_batch_key.yaml`)))
      .toEqual(['data key "AZURE_BATCH_KEY" is named like a credential and holds a literal value']);
    expect(messages('secret-values', peerDocs(`${dir}/failure.key_oci_cli_key_content.yaml`)))
      .toEqual(['data key "OCI_CLI_KEY_CONTENT" is named like a credential and holds a literal value']);
    expect(messages('secret-values', configMap({ CACHE_KEY: 'orders', 'public.key': 'ssh-ed25519 AAAA', keyboard: 'de' }))).toEqual([]);
    expect(messages('secret-values', [...peerDocs(`${dir}/success.valid_keys_and_values.yaml`), ...peerDocs(`${dir}/success.no_data.yaml`)])).toEqual([]);
  });

  test('tokens are found in any value, without quoting them', () => {
    const found = messages('secret-values', configMap({
      aws: 'key AKIAIOSFODNN7EXAMPLE', gh: 'ghp_0123456789abcdefghijABCDEFGHIJ012345', slack: 'xoxb-1234567890-abcdefghij',
      jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    }));
    expect(found).toEqual(['data key "aws" holds an AWS access key id', 'data key "gh" holds a GitHub token', 'data key "jwt" holds a JSON Web Token', 'data key "slack" holds a Slack token']);
    expect(found.join(' ')).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  test('configuration files: literal credential settings fail by line; references, empty values and other names pass', () => {
    expect(messages('secret-values', configMap({
      'application.properties': 'spring.datasource.username=app\nspring.datasource.password=s3cret\napi.token = ${API_TOKEN}\n',
      'later.yaml': 'password: # set by the operator\ntoken: |\n  multi\n',
      'urls.yaml': 'primary: postgres://app:${DB_PASSWORD}@db:5432/shop\nreplica: postgres://app:{{ .password }}@db-ro/shop\n',
      'config.yaml': 'db:\n  host: db.shop\n  password: "hunter2"\n  passwordFile: /etc/db/password\n  tokenUrl: https://auth/token\n  existingSecret: db\n  clientSecret: ""\n',
    }))).toEqual([
      'data key "application.properties" line 2: spring.datasource.password is set to a literal value',
      'data key "config.yaml" line 3: password is set to a literal value',
    ]);
    expect(messages('secret-values', configMap({ DATABASE_HOST_URL: 'mysql://root:root@mysql:3306/db' }))).toEqual(['data key "DATABASE_HOST_URL" holds a URL with a password']);
  });

  test('a key named like a credential passes with a recorded reason (what the ConfigMap construct writes); a private key never does', () => {
    const annotations = { 'keelson.dev/not-secret-reason': 'the URL of the token endpoint, not a token' };
    expect(messages('secret-values', configMap({ TOKEN_URL: 'https://auth.example.com/token' }))).toEqual(['data key "TOKEN_URL" is named like a credential and holds a literal value']);
    expect(messages('secret-values', k(obj('v1', 'ConfigMap', 'app', 'shop', { metadata: { name: 'app', namespace: 'shop', annotations }, data: { TOKEN_URL: 'https://auth.example.com/token' } })))).toEqual([]);
    expect(messages('secret-values', configMap({ DB_PASSWORD: '${DB_PASSWORD}', API_TOKEN: '' }))).toEqual([]);
  });

  test('binaryData: keys named like credentials or key files, and private keys inside, fail', () => {
    const pem = Buffer.from('-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n').toString('base64');
    expect(messages('secret-values', configMap({}, { binaryData: { 'id_rsa': 'AAAA', 'logo.png': 'iVBORw0KGgo=', 'blob': pem } }))).toEqual([
      'binaryData key "blob" holds a PEM private key',
      'binaryData key "id_rsa" is named like a credential',
    ]);
  });

  test('ExternalSecret templates: a literal credential fails; templates of the fetched values pass', () => {
    const es = (data: unknown) => k(obj('external-secrets.io/v1', 'ExternalSecret', 'db', 'shop', {
      spec: { secretStoreRef: { name: 'aws', kind: 'ClusterSecretStore' }, target: { name: 'db', template: { data } } },
    }));
    expect(messages('secret-values', es({ password: 'hunter2', 'config.yaml': 'user: app\npassword: letmein\n', url: 'postgres://{{ .user }}@db' }))).toEqual([
      'spec.target.template.data.config.yaml line 2: password is set to a literal value',
      'spec.target.template.data.password is a literal value, not a template of the fetched secret',
    ]);
    expect(messages('secret-values', es({ password: '{{ .password }}', 'config.yaml': 'user: app\npassword: {{ .password | quote }}\n' }))).toEqual([]);
  });
});

describe('helm-secret-values', () => {
  test('literal credentials anywhere in the values fail, with their path', () => {
    expect(messages('helm-secret-values', release({
      auth: { rootPassword: 1234, jwtSecret: 'abc' },
      extraEnv: [{ name: 'X', value: 'ghp_0123456789abcdefghijABCDEFGHIJ012345' }],
      config: 'smtp:\n  password: mail123\n',
    }))).toEqual([
      'value auth.jwtSecret is a literal credential',
      'value auth.rootPassword is a literal credential',
      'value config line 2: password is set to a literal value',
      'value extraEnv[0].value holds a GitHub token',
    ]);
  });

  test('references, flags and names of Secrets pass', () => {
    expect(messages('helm-secret-values', release({
      basic_auth: true, automountServiceAccountToken: false, existingSecret: 'db', secretName: 'tls', passwordKey: 'password',
      auth: { password: '', token: 'ref+awssecrets://shop/api#token', adminPassword: '{{ .Values.x }}' }, maxTokens: 100,
    }))).toEqual([]);
  });
});

describe('NetworkPolicy: allow-all in disguise, and rules of an unlisted direction', () => {
  test('split CIDRs that cover every address, with no ports, allow all (IPv4 and IPv6)', () => {
    expect(messages('networkpolicy-allow-all', k(netpol({
      podSelector: {}, policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/1' } }, { ipBlock: { cidr: '128.0.0.0/1' } }] }],
      egress: [{ to: [{ ipBlock: { cidr: '::/1' } }, { ipBlock: { cidr: '8000::/1' } }], ports: [] }, { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }],
    })))).toEqual([
      'egress rule 0 allows all traffic: its ipBlocks ::/1, 8000::/1 cover every address (::/0) and it names no ports, so every port is open',
      'egress rule 1 allows all traffic: its ipBlocks 0.0.0.0/0 cover every address (0.0.0.0/0) and it names no ports, so every port is open',
      'ingress rule 0 allows all traffic: its ipBlocks 0.0.0.0/1, 128.0.0.0/1 cover every address (0.0.0.0/0) and it names no ports, so every port is open',
    ]);
    expect(messages('networkpolicy-allow-all', k(netpol({ podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [], ports: [] }] }))))
      .toEqual(['egress rule 0 allows all traffic (no peers, no ports)']);
  });

  test('named ports, a gap, or an except leave the rule narrower', () => {
    expect(messages('networkpolicy-allow-all', k(netpol({
      podSelector: {}, policyTypes: ['Egress'],
      egress: [
        { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] },
        { to: [{ ipBlock: { cidr: '0.0.0.0/1' } }, { ipBlock: { cidr: '128.0.0.0/2' } }] },
        { to: [{ ipBlock: { cidr: '0.0.0.0/1' } }, { ipBlock: { cidr: '128.0.0.0/1', except: ['169.254.0.0/16'] } }] },
      ],
    })))).toEqual([]);
  });

  test('egress rules with policyTypes [Ingress], and the mirror case, are reported; absent or complete policyTypes pass', () => {
    expect(messages('networkpolicy-policy-types', k(netpol({
      podSelector: {}, policyTypes: ['Egress'], ingress: [{ from: [{ podSelector: {} }] }, { from: [{ namespaceSelector: {} }] }], egress: [],
    })))).toEqual(['spec.ingress has 2 rules, but policyTypes lists only Egress: the ingress rules are not enforced and the policy does not restrict ingress at all']);
    expect(messages('networkpolicy-policy-types', k(
      netpol({ podSelector: {}, ingress: [{}], egress: [{}] }),
      obj('networking.k8s.io/v1', 'NetworkPolicy', 'q', 'shop', { spec: { podSelector: {}, policyTypes: [], egress: [{}] } }),
      obj('networking.k8s.io/v1', 'NetworkPolicy', 'r', 'shop', { spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] } }),
    ))).toEqual([]);
  });
});

describe('service-source-ranges covers foreign YAML', () => {
  test('a LoadBalancer written by hand without loadBalancerSourceRanges fails', () => {
    const docs = loadAll('apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: LoadBalancer\n  ports: [{port: 80}]\n') as any[];
    expect(messages('service-source-ranges', docs.map((d) => kubernetesTarget(d))))
      .toEqual(['the LoadBalancer Service lists no loadBalancerSourceRanges, so every address that reaches the load balancer may connect']);
  });
});

describe('Terraform: EKS endpoint and IAM administrator access', () => {
  test('public_access_cidrs that together cover 0.0.0.0/0 are open to the internet; a real subset, or an expression, is not judged open', () => {
    const open = (cidrs: unknown) => tf(eks((c) => { c.vpc_config.endpoint_public_access = true; c.vpc_config.public_access_cidrs = cidrs; }));
    expect(messages('eks-public-endpoint-open', open(['0.0.0.0/1', '128.0.0.0/1'])))
      .toEqual(['the public endpoint accepts every address: public_access_cidrs 0.0.0.0/1, 128.0.0.0/1 together cover 0.0.0.0/0']);
    expect(messages('eks-public-endpoint-open', open(['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2', '192.0.0.0/3', '224.0.0.0/3'])))
      .toEqual(['the public endpoint accepts every address: public_access_cidrs 0.0.0.0/2, 64.0.0.0/2, 128.0.0.0/2, 192.0.0.0/3, 224.0.0.0/3 together cover 0.0.0.0/0']);
    expect(messages('eks-public-endpoint-open', [...open(['0.0.0.0/1', '192.0.0.0/2']), ...open('${var.cidrs}')])).toEqual([]);
    expect(messages('eks-public-endpoint-open', tf(eks((c) => { c.vpc_config = [{ endpoint_public_access: 'false' }]; })))).toEqual([]);
  });

  test('"*" actions fail, in a JSON string or in cdktf\'s jsonencode; service:* fails only on every resource; Deny passes', () => {
    const jsonencode = '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Effect" = "Allow", "Action" = "*", "Resource" = "*"}]})}';
    expect(messages('iam-admin-policy', tf(rolePolicy(jsonencode)))).toEqual(['statement 0 allows every action ("*") to role web']);
    const doc = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
    expect(messages('iam-admin-policy', tf(rolePolicy(doc([
      { Sid: 'All', Effect: 'Allow', Action: ['s3:*', 'sqs:SendMessage'], Resource: '*' },
      { Effect: 'Allow', Action: 'dynamodb:*', Resource: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders' },
      { Effect: 'Deny', Action: '*', Resource: '*' },
    ]))))).toEqual(['statement 0 (All) allows every action of s3:* on every resource ("*") to role web']);
    const withRef = '${jsonencode({"Statement" = [{"Effect" = "Allow", "Action" = ["s3:*"], "Resource" = [aws_s3_bucket.b.arn]}]})}';
    expect(messages('iam-admin-policy', tf(rolePolicy(withRef)))).toEqual([]);
  });

  test('AdministratorAccess on a pod identity role names the ServiceAccount whose pods get it', () => {
    expect(messages('iam-admin-policy', tf({
      aws_iam_role: { web: { name: 'eks-shop-web', assume_role_policy: '{}', managed_policy_arns: ['arn:aws:iam::aws:policy/AdministratorAccess'] } },
      aws_iam_role_policy_attachment: { admin: { role: '${aws_iam_role.web.name}', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' } },
      aws_eks_pod_identity_association: { a: { cluster_name: 'demo', namespace: 'shop', service_account: 'web', role_arn: '${aws_iam_role.web.arn}' } },
    }))).toEqual([
      'managed_policy_arns attaches AdministratorAccess (a pod identity role: pods of ServiceAccount shop/web get it)',
      'policy_arn attaches AdministratorAccess to role web (a pod identity role: pods of ServiceAccount shop/web get it)',
    ]);
    expect(messages('iam-admin-policy', tf({ aws_iam_role_policy_attachment: { a: { role: 'r', policy_arn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy' } } }))).toEqual([]);
  });
});

describe('Istio: TLS below 1.2', () => {
  test('Gateway servers and an IstioOperator mesh config with TLS 1.0 or 1.1 fail; 1.2, 1.3 or unset pass', () => {
    expect(messages('istio-min-tls-version', k(istioGateway({ minProtocolVersion: 'TLSV1_1', maxProtocolVersion: 'TLSV1_1' })))).toEqual([
      'servers[0] (port https) tls.maxProtocolVersion is TLSV1_1, so clients may use TLS below 1.2',
      'servers[0] (port https) tls.minProtocolVersion is TLSV1_1, so clients may use TLS below 1.2',
    ]);
    expect(messages('istio-min-tls-version', k(obj('install.istio.io/v1alpha1', 'IstioOperator', 'istio', 'istio-system', {
      spec: { meshConfig: { meshMTLS: { minProtocolVersion: 'TLSV1_0' } } },
    })))).toEqual(['spec.meshConfig.meshMTLS.minProtocolVersion is TLSV1_0 (below TLS 1.2)']);
    expect(messages('istio-min-tls-version', k(istioGateway({ minProtocolVersion: 'TLSV1_3' }), istioGateway({})))).toEqual([]);
  });
});

describe('every check of this area survives malformed foreign input', () => {
  const ids = [
    'rbac-wildcard', 'rbac-pods-exec', 'rbac-privilege-escalation', 'rbac-create-pods', 'rbac-cluster-admin-binding', 'rbac-cluster-secrets-read',
    'rbac-broad-subject', 'rbac-role-ref-exists', 'rbac-rule-api-group', 'secret-values', 'helm-secret-values', 'networkpolicy-allow-all',
    'networkpolicy-policy-types', 'networkpolicy-ipblock-except', 'eks-public-endpoint-open', 'eks-public-endpoint', 'iam-admin-policy',
    'istio-min-tls-version', 'istio-mesh-min-tls-version',
  ];
  const junk: unknown[] = [null, 'x', 42, [], [null, 'a', 7], { a: null }];
  const targets = (): PolicyTarget[] => junk.flatMap((j) => [
    ...k(
      obj('rbac.authorization.k8s.io/v1', 'Role', 'r', 'shop', { rules: j }),
      obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'c', undefined, { rules: [{ apiGroups: j, resources: j, verbs: j, resourceNames: j }] }),
      obj('rbac.authorization.k8s.io/v1', 'RoleBinding', 'b', 'shop', { roleRef: j, subjects: j }),
      obj('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'cb', undefined, { roleRef: { kind: 'ClusterRole', name: j }, subjects: [j] }),
      obj('v1', 'Secret', 's', 'shop', { data: j, stringData: j }),
      obj('v1', 'ConfigMap', 'cm', 'shop', { data: j, binaryData: j, metadata: { name: 'cm', annotations: j } }),
      obj('v1', 'ConfigMap', 'cm2', 'shop', { data: { a: j }, binaryData: { id: j } }),
      obj('external-secrets.io/v1', 'ExternalSecret', 'e', 'shop', { spec: { target: { template: { data: j } } } }),
      obj('networking.k8s.io/v1', 'NetworkPolicy', 'n', 'shop', { spec: j }),
      obj('networking.k8s.io/v1', 'NetworkPolicy', 'n2', 'shop', { spec: { policyTypes: j, ingress: j, egress: [j, { to: j, ports: j }, { to: [{ ipBlock: j }, { ipBlock: { cidr: j, except: j } }] }] } }),
      obj('networking.istio.io/v1', 'Gateway', 'g', 'shop', { spec: { servers: j } }),
      obj('networking.istio.io/v1', 'Gateway', 'g2', 'shop', { spec: { servers: [j, { tls: j, port: j }] } }),
      obj('install.istio.io/v1alpha1', 'IstioOperator', 'i', 'istio-system', { spec: { meshConfig: j } }),
    ),
    ...terraformTargets({ resource: {
      aws_eks_cluster: { c: { vpc_config: j } },
      aws_iam_role_policy: { p: { role: j, policy: j } },
      aws_iam_policy: { q: { policy: JSON.stringify({ Statement: j }) }, r: { policy: '${jsonencode({"Statement" = [{"Effect" = "Allow", "Action" = local.x}]' } },
      aws_iam_role: { w: { managed_policy_arns: j, inline_policy: j } },
      aws_iam_role_policy_attachment: { a: { role: j, policy_arn: j } },
    } }, 'stack'),
    ...helmTargets({ releases: [{ name: 'r', namespace: 'shop', values: [{ meshConfig: j, auth: j, list: [j, { password: j }] }] }] }),
  ]);

  test.each(ids)('%s', (id) => {
    const check = BUILTIN_CHECKS.find((c) => c.id === id)!;
    expect(check).toBeDefined();
    expect(() => runPolicy(targets(), { checks: [check] })).not.toThrow();
  });
});
