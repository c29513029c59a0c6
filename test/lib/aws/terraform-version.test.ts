import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppStack } from '../../../lib/core/app-stack';
import { ElastiCacheRedis, EksCluster, PlatformStack, StateBackend, VpcNetwork, terraformApp } from '../../../lib/aws';
import { versionsFile } from '../../../lib/aws/terraform-version';
import { synthPlatform } from '../../helpers/terraform';
import { tempDir } from '../../helpers/tmp';

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

describe('versions.tf: the Terraform version a stack needs', () => {
  test('none when the stack uses nothing newer than cdktf\'s floor', () => {
    expect(versionsFile({ resource: { aws_s3_bucket: { b: { bucket: 'x' } } }, terraform: { backend: { local: { path: 'x' } } } })).toBeUndefined();
    expect(versionsFile({})).toBeUndefined();
  });

  test('the highest requirement wins, and every reason is listed', () => {
    const text = versionsFile({
      terraform: { backend: { s3: { bucket: 'state', use_lockfile: true } } },
      ephemeral: { aws_secretsmanager_random_password: { token: {} } },
      resource: { aws_secretsmanager_secret_version: { v: { secret_string_wo: '${ephemeral.x}', secret_string_wo_version: 1 } } },
    })!;
    expect(text).toContain('  required_version = ">= 1.11"\n');
    expect(text).toContain('# - Terraform >= 1.11: write-only arguments (aws_secretsmanager_secret_version.secret_string_wo)');
    expect(text).toContain('# - Terraform >= 1.10: ephemeral resources (aws_secretsmanager_random_password)');
    expect(text).toContain('# - Terraform >= 1.10: the S3 backend\'s use_lockfile');
    expect(versionsFile({ terraform: { backend: { s3: { use_lockfile: true } } } })).toContain('required_version = ">= 1.10"');
  });

  test('an ElastiCache with its AUTH token (write-only) gets ">= 1.11" beside its cdk.tf.json', () => {
    const { files } = synthPlatform({
      name: 'test', description: 'test',
      build: (app) => {
        new AppStack(app, 'test');
        const stack = new PlatformStack(terraformApp(app), 'test', { region: 'us-west-2', backend: StateBackend.local() });
        const network = new VpcNetwork(stack, 'network');
        const cluster = new EksCluster(stack, 'cluster', { name: 'demo', network, admins: ['arn:aws:iam::123456789012:role/admin'] });
        new ElastiCacheRedis(stack, 'redis', { replicationGroupId: 'redis-cluster', network, clients: [cluster.addManagedNodeGroup('cache-clients')] });
      },
    });
    const versions = files.get('stacks/test/versions.tf');
    expect(versions).toContain('required_version = ">= 1.11"');
    expect(versions).toContain('aws_secretsmanager_secret_version.secret_string_wo');
  });

  (terraform ? test : test.skip)('Terraform reads it beside the JSON and enforces it (terraform init and validate, offline)', () => {
    const dir = tempDir();
    const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: path.join(dir, 'none.tfrc') };
    const tf = (...args: string[]) => spawnSync('terraform', [`-chdir=${dir}`, ...args], { env, encoding: 'utf8' });
    // terraform_data needs no provider download.
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify({ resource: { terraform_data: { x: { input: 'x' } } } }));
    const versions = versionsFile({ resource: { aws_secretsmanager_secret_version: { v: { secret_string_wo: 'x' } } } })!;
    fs.writeFileSync(path.join(dir, 'versions.tf'), versions);
    expect(tf('init', '-backend=false', '-input=false').status).toBe(0);
    expect(JSON.parse(tf('validate', '-json').stdout)).toMatchObject({ valid: true, error_count: 0 });
    expect(tf('fmt', '-check', '-no-color').status).toBe(0);
    // The same file asking for a Terraform that does not exist yet stops init, naming the constraint.
    fs.writeFileSync(path.join(dir, 'versions.tf'), versions.replace('required_version = ">= 1.11"', 'required_version = ">= 99.0"'));
    const refused = tf('init', '-backend=false', '-input=false', '-no-color');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('Unsupported Terraform Core version');
  });
});
