import { App } from 'cdk8s';
import { PlatformStack, StateBackend, StateBucket, suppressCheckov, terraformApp } from '../../../lib/aws';
import { AppStack } from '../../../lib/core/app-stack';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';
import { GOOD_PLATFORM_APP } from '../../helpers/terraform';

/** Builds a state bucket in stack "bad" and hands `call` the stack and the bucket construct. */
const withBucket = (call: (bucket: StateBucket, stack: PlatformStack, app: App) => void) => (app: App) => {
  new AppStack(app, 'bad');
  const stack = new PlatformStack(terraformApp(app), 'bad', { region: 'us-west-2', backend: StateBackend.local() });
  call(new StateBucket(stack, 'state', { bucketName: 'acme-bad-state' }), stack, app);
};
const REASON = { reason: 'test' };
const ID = 'a Checkov AWS check id such as "CKV_AWS_144" or "CKV2_AWS_62"';
const RESOURCE = 'a Terraform resource of a keelson/aws construct or of @cdktf/provider-aws (e.g. the bucket of a StateBucket), '
  + 'not a data source or other construct';
const RISK_EXPECTED = 'a reason why the check does not apply, given as { reason: "..." }';
const REASON_EXPECTED = (id: string) => `a reason why Checkov check ${id} does not apply to this resource, given as { reason: "..." }`;

const badId = (title: string, id: unknown, shown: string): BadInput => ({
  title, build: withBucket((s) => suppressCheckov(s.bucket, id as string, REASON)),
  where: `[bad/state/bucket] suppressCheckov(checkId): got ${shown}`, expected: ID,
});

const CASES: BadInput[] = [
  badId('a lower-case id', 'ckv_aws_144', '"ckv_aws_144"'),
  badId('a Kubernetes check id', 'CKV_K8S_20', '"CKV_K8S_20"'),
  badId('an id without a number', 'CKV_AWS_', '"CKV_AWS_"'),
  badId('check number 0', 'CKV_AWS_0', '"CKV_AWS_0"'),
  badId('a number with a leading zero', 'CKV_AWS_018', '"CKV_AWS_018"'),
  badId('a five-digit number', 'CKV_AWS_12345', '"CKV_AWS_12345"'),
  badId('an id with a trailing space', 'CKV_AWS_18 ', '"CKV_AWS_18 "'),
  badId('a CKV3 id', 'CKV3_AWS_1', '"CKV3_AWS_1"'),
  badId('a keelson check id', 'eks-secrets-encryption', '"eks-secrets-encryption"'),
  badId('the number alone', 18, '18'),
  badId('no id', undefined, 'undefined'),
  { title: 'an empty reason', build: withBucket((s) => suppressCheckov(s.bucket, 'CKV_AWS_18', { reason: '' })),
    where: '[bad/state/bucket] suppressCheckov(risk).reason: got ""', expected: REASON_EXPECTED('CKV_AWS_18') },
  { title: 'a blank reason', build: withBucket((s) => suppressCheckov(s.bucket, 'CKV_AWS_18', { reason: '  \n' })),
    where: '[bad/state/bucket] suppressCheckov(risk).reason: got "  \\n"', expected: REASON_EXPECTED('CKV_AWS_18') },
  { title: 'a reason that is not a string', build: withBucket((s) => suppressCheckov(s.bucket, 'CKV_AWS_18', { reason: 42 } as any)),
    where: '[bad/state/bucket] suppressCheckov(risk).reason: got 42', expected: REASON_EXPECTED('CKV_AWS_18') },
  { title: 'the reason as a bare string', build: withBucket((s) => suppressCheckov(s.bucket, 'CKV_AWS_18', 'no logs' as any)),
    where: '[bad/state/bucket] suppressCheckov(risk): got "no logs"', expected: RISK_EXPECTED },
  { title: 'a null risk', build: withBucket((s) => suppressCheckov(s.bucket, 'CKV_AWS_18', null as any)),
    where: '[bad/state/bucket] suppressCheckov(risk): got null', expected: RISK_EXPECTED },
  { title: 'no risk', build: withBucket((s) => (suppressCheckov as any)(s.bucket, 'CKV_AWS_18')),
    where: '[bad/state/bucket] suppressCheckov(risk): got undefined', expected: RISK_EXPECTED },
  { title: 'a risk with an unknown key', build: withBucket((s) => suppressCheckov(s.bucket, 'CKV_AWS_18', { reason: 'x', until: '2027' } as any)),
    where: '[bad/state/bucket] suppressCheckov(risk).until: got "2027"', expected: 'a known prop; the props are reason' },
  { title: 'the same check twice', build: withBucket((s) => {
    suppressCheckov(s.bucket, 'CKV2_AWS_61', REASON);
    suppressCheckov(s.bucket, 'CKV2_AWS_61', { reason: 'again' });
  }), where: '[bad/state/bucket] suppressCheckov(checkId): got "CKV2_AWS_61"',
  expected: 'a check not already suppressed on this resource (each check is suppressed once, with one reason)' },
  { title: 'a keelson construct instead of its resource', build: withBucket((s) => suppressCheckov(s as any, 'CKV_AWS_18', REASON)),
    where: '[bad/state] suppressCheckov(resource): got "StateBucket bad/state"', expected: RESOURCE },
  { title: 'the stack', build: withBucket((_, stack) => suppressCheckov(stack as any, 'CKV_AWS_18', REASON)),
    where: '[bad] suppressCheckov(resource): got "PlatformStack bad"', expected: RESOURCE },
  { title: 'a Kubernetes chart', build: withBucket((_, __, app) => suppressCheckov(app.node.findChild('bad') as any, 'CKV_AWS_18', REASON)),
    where: '[bad] suppressCheckov(resource): got "AppStack bad"', expected: RESOURCE },
  { title: 'no resource', build: withBucket(() => suppressCheckov(undefined as any, 'CKV_AWS_18', REASON)),
    where: '[suppressCheckov] suppressCheckov(resource): got undefined', expected: RESOURCE },
  { title: 'the resource\'s JSON instead of the resource', build: withBucket(() => suppressCheckov({ bucket: 'x' } as any, 'CKV_AWS_18', REASON)),
    where: '[suppressCheckov] suppressCheckov(resource): got {"bucket":"x"}', expected: RESOURCE },
];

describeBadInputs('suppressCheckov bad inputs', GOOD_PLATFORM_APP, CASES);
