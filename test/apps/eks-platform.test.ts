import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { eksPlatformApp } from '../../apps/eks-platform';
import { PLATFORM } from '../../apps/eks-platform/platform';
import { counterApps } from '../../apps/counter';
import { synthApps } from '../../lib/output/synth-apps';
import { find } from '../helpers/synth';
import { addressOf, policyFindings, referenceCount, resource, resources, synthPlatform } from '../helpers/terraform';
import { readTree, tempDir } from '../helpers/tmp';

const ROOT = path.resolve(__dirname, '..', '..');

describe('eks-platform (Workshop Ex 12.01, 12.02, Activity 12.01)', () => {
  const out = synthPlatform(eksPlatformApp);
  const tf = out.stacks['eks-platform'];
  const state = out.stacks['eks-platform-state'];

  test('two stacks, every reference declared (checked on many references)', () => {
    expect(Object.keys(out.stacks).sort()).toEqual(['eks-platform', 'eks-platform-state']);
    expect(referenceCount(tf)).toBeGreaterThan(50);
    const manifest = JSON.parse(out.files.get('manifest.json')!);
    expect(Object.values(manifest.stacks).map((s: any) => s.synthesizedStackPath).sort())
      .toEqual(['stacks/eks-platform-state/cdk.tf.json', 'stacks/eks-platform/cdk.tf.json']);
  });

  test('Ex 12.01: the state bucket, versioned, encrypted, private, protected; its own state is a relative local file', () => {
    // Named after the account and region, so the global name is free; the other stack names it at `terraform init`.
    const stateBucket = `${PLATFORM.stateBucketPrefix}-\${data.aws_caller_identity.caller-identity.account_id}-us-west-2`;
    expect(resources(state, 'aws_s3_bucket').map((b) => b.bucket)).toContain(stateBucket);
    expect(resources(state, 'aws_s3_bucket').find((b) => b.bucket === stateBucket)).toMatchObject({ lifecycle: { prevent_destroy: true } });
    expect(state.output.state_bucket.value).toBe(`\${${addressOf(state, 'aws_s3_bucket', stateBucket)}.bucket}`);
    const ofState = (type: string) => resources(state, type).find((r) => r.bucket === `\${${addressOf(state, 'aws_s3_bucket', stateBucket)}.id}`);
    expect(ofState('aws_s3_bucket_versioning').versioning_configuration.status).toBe('Enabled');
    expect(ofState('aws_s3_bucket_server_side_encryption_configuration').rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
    expect(ofState('aws_s3_bucket_public_access_block')).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    // The bootstrap stack's state is a relative file of its working directory: a workspace outside dist/ (README).
    expect(state.terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
    expect(tf.terraform.backend.s3).toEqual({ key: 'eks-platform/terraform.tfstate', region: 'us-west-2', use_lockfile: true, encrypt: true });
  });

  test('Ex 12.02: VPC 10.0.0.0/16 over 3 zones, private and public subnets, NAT per zone', () => {
    expect(resource(tf, 'aws_vpc').cidr_block).toBe('10.0.0.0/16');
    expect(resources(tf, 'aws_subnet')).toHaveLength(6);
    expect(resources(tf, 'aws_nat_gateway')).toHaveLength(3);
    expect(tf.provider.aws[0].region).toBe('us-west-2');
    // The public subnets (tagged for internet-facing load balancers) are the ones the apps' NetworkPolicies name.
    const publicSubnets = resources(tf, 'aws_subnet').filter((s) => s.tags['kubernetes.io/role/elb'] === '1').map((s) => s.cidr_block);
    expect(publicSubnets.sort()).toEqual([...PLATFORM.publicSubnetCidrs].sort());
  });

  test('Ex 12.02: the cluster terraform-eks-demo, private, encrypted, logged, with the admin from a variable', () => {
    const eks = resource(tf, 'aws_eks_cluster');
    expect(eks.name).toBe(PLATFORM.clusterName);
    expect(policyFindings(tf)).toEqual([]);
    expect(tf.variable.admin_principal_arn).toMatchObject({ type: 'string', nullable: false });
    expect(resources(tf, 'aws_eks_access_entry').filter((e) => e.type === 'STANDARD').map((e) => e.principal_arn)).toEqual(['${var.admin_principal_arn}']);
  });

  test('Ex 12.02: two general-purpose nodes (m7i.large for the retired m4.large) on AL2023 with IMDSv2', () => {
    const ng = resources(tf, 'aws_eks_node_group').find((g) => g.labels?.['keelson.dev/node-group'] === 'general');
    expect(ng).toMatchObject({ instance_types: ['m7i.large'], ami_type: 'AL2023_x86_64_STANDARD', scaling_config: { min_size: 2, desired_size: 2, max_size: 4 } });
    expect(resources(tf, 'aws_launch_template').map((t) => t.metadata_options)).toEqual([
      expect.objectContaining({ http_tokens: 'required', http_put_response_hop_limit: 1 }), expect.objectContaining({ http_tokens: 'required', http_put_response_hop_limit: 1 }),
    ]);
  });

  test('Activity 12.01: ElastiCache redis-cluster, encrypted with its own key, open only to the redis-clients nodes, its endpoint published for the app', () => {
    const group = resource(tf, 'aws_elasticache_replication_group');
    expect(group).toMatchObject({ replication_group_id: 'redis-cluster', at_rest_encryption_enabled: 'true', transit_encryption_enabled: true, multi_az_enabled: true });
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\.redis_key_[\w-]+\.arn\}$/);
    // The book's client speaks neither TLS nor AUTH: both recorded with their reasons.
    expect(group).toMatchObject({ transit_encryption_mode: 'preferred', '//': expect.objectContaining({ checkov_skip_reasons: { CKV_AWS_31: expect.any(String) } }) });
    expect(group.auth_token).toBeUndefined();
    const sg = group.security_group_ids[0];
    const rules = resources(tf, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === sg);
    expect(rules.map((r) => r.referenced_security_group_id)).toEqual([expect.stringMatching(/^\$\{aws_security_group\.cluster_redis-clients_[\w-]+\.id\}$/)]);
    const published = resources(tf, 'aws_secretsmanager_secret').find((s) => s.name === PLATFORM.redisEndpoint.secretName);
    expect(published).toBeDefined();
    expect(resource(tf, 'aws_secretsmanager_secret_version').secret_string).toContain(`"${PLATFORM.redisEndpoint.property}" = "\${${addressOf(tf, 'aws_elasticache_replication_group')}.primary_endpoint_address}:6379"`);
    expect(tf.output.redis_address).toBeDefined();
  });

  test('a private zone of the VPC gives the Redis endpoint a name known at synth time', () => {
    const zone = resources(tf, 'aws_route53_zone').find((z) => z.name === PLATFORM.privateZone);
    expect(zone).toMatchObject({
      name: PLATFORM.privateZone, vpc: [{ vpc_id: `\${${addressOf(tf, 'aws_vpc')}.id}` }], force_destroy: false, lifecycle: { prevent_destroy: false },
    });
    expect(resource(tf, 'aws_route53_record')).toMatchObject({
      name: `${PLATFORM.redisAlias}.${PLATFORM.privateZone}`, type: 'CNAME', ttl: 60,
      zone_id: `\${${addressOf(tf, 'aws_route53_zone', PLATFORM.privateZone)}.zone_id}`,
      records: [`\${${addressOf(tf, 'aws_elasticache_replication_group')}.primary_endpoint_address}`],
    });
  });

  test('the MySQL secret exists without a value in Terraform', () => {
    expect(resources(tf, 'aws_secretsmanager_secret').map((s) => s.name).sort()).toEqual([PLATFORM.redisEndpoint.secretName, PLATFORM.mysqlSecret].sort());
    expect(resources(tf, 'aws_secretsmanager_secret_version')).toHaveLength(1);
  });

  test('External Secrets reads only the app secrets, through a pod identity whose ServiceAccount is in the YAML', () => {
    const assoc = resources(tf, 'aws_eks_pod_identity_association').find((a) => a.namespace === 'external-secrets');
    const sa = find(out.yaml, 'ServiceAccount', assoc.service_account);
    expect(sa.metadata.namespace).toBe(assoc.namespace);
    const arn = (service: string, resource: string) => `arn:\${data.aws_partition.partition.partition}:${service}:us-west-2:\${data.aws_caller_identity.caller-identity.account_id}:${resource}`;
    const policy = Object.values(tf.data.aws_iam_policy_document).find((d: any) => d.statement[0].actions?.includes('secretsmanager:GetSecretValue')) as any;
    expect(policy.statement[0].resources).toEqual(['counter', 'cka'].map((prefix) => arn('secretsmanager', `secret:${prefix}/*`)));
    // The secrets' customer managed keys, only through Secrets Manager.
    expect(policy.statement[1]).toMatchObject({
      actions: ['kms:Decrypt'], resources: [expect.stringMatching(/^\$\{aws_kms_key\.redis_key_[\w-]+\.arn\}$/), expect.stringMatching(/^\$\{aws_kms_key\.mysql-credentials_key_[\w-]+\.arn\}$/)],
      condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['secretsmanager.us-west-2.${data.aws_partition.partition.dns_suffix}'] }],
    });
  });

  test('Falco\'s audit instance may only read the cluster\'s own log group', () => {
    const assoc = resources(tf, 'aws_eks_pod_identity_association').find((a) => a.namespace === 'falco');
    expect(assoc.service_account).toBe('falco-k8saudit');
    const policy = Object.values(tf.data.aws_iam_policy_document).find((d: any) => d.statement[0].actions?.includes('logs:FilterLogEvents')) as any;
    expect(policy.statement[0].actions).toEqual(['logs:Describe*', 'logs:FilterLogEvents', 'logs:Get*', 'logs:List*']);
    expect(policy.statement[0].resources).toEqual([
      `arn:\${data.aws_partition.partition.partition}:logs:us-west-2:\${data.aws_caller_identity.caller-identity.account_id}:log-group:/aws/eks/${PLATFORM.clusterName}/cluster:*`,
    ]);
  });

  test('the default StorageClass is encrypted gp3, WaitForFirstConsumer, Retain; the secret store is limited by label; the GatewayClass', () => {
    expect(find(out.yaml, 'StorageClass', 'gp3')).toMatchObject({
      provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true' }, reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer',
      metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    });
    expect(find(out.yaml, 'ClusterSecretStore', 'aws-secrets-manager').spec.conditions).toEqual([{ namespaceSelector: { matchLabels: PLATFORM.secretStoreAccessLabel } }]);
    // The GatewayClass that the apps' Gateways name (counter-mysql): Envoy Gateway's controller.
    expect(find(out.yaml, 'GatewayClass', 'eg').spec).toEqual({ controllerName: 'gateway.envoyproxy.io/gatewayclass-controller', description: 'Envoy Gateway, successor of the retired ingress-nginx' });
    // Plus what the cloud add-ons declare (see eks-platform-addons.test.ts).
    expect(out.yaml.map((o: any) => o.kind).sort()).toEqual(['ClusterSecretStore', 'EC2NodeClass', 'GatewayClass', 'IngressClass', 'IngressClassParams',
      'NodePool', 'ServiceAccount', 'ServiceAccount', 'ServiceAccount', 'ServiceAccount', 'StorageClass']);
  });

  test('no absolute paths and no stack traces in the Terraform output', () => {
    const text = [...out.files.values()].join('\n');
    expect(text).not.toContain(ROOT);
    expect(text).not.toMatch(/"\/(tmp|home|root|work|Users)\//);
    expect(text).not.toContain('stackTrace');
  });
});

describe('cdktf.json', () => {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8'));

  test('describes the eks-platform app, run without ts-node', () => {
    expect(config.language).toBe('typescript');
    expect(config.app).toContain('--app eks-platform');
    expect(config.app).not.toMatch(/ts-node/);
    expect(config.output).toBe('dist/terraform/eks-platform');
  });

  test('run as `cdktf synth` runs it (with CDKTF_OUTDIR), it writes the same files as `npm run synth`', () => {
    const dir = tempDir();
    const cdktfOut = path.join(dir, 'cdktf.out');
    const [command, ...args] = config.app.split(' ');
    const result = spawnSync(path.join(ROOT, command), args, { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: cdktfOut }, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const direct = tempDir();
    synthApps([eksPlatformApp, ...counterApps], direct);
    expect(readTree(cdktfOut)).toEqual(readTree(path.join(direct, 'terraform', 'eks-platform')));
    expect(fs.readdirSync(dir)).toEqual(['cdktf.out']);
  }, 30_000);
});
