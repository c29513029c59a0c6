import { LocalBackend, S3Backend, S3BackendConfig, TerraformRemoteState, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { PropsValidator, isObject } from '../core/validator';
import { AWS_REGION, S3_BUCKET_NAME } from './aws-formats';

/** Options of {@link StateBackend.s3}. */
export interface S3StateOptions {
  /** The state bucket (see StateBucket), created by another stack than the ones that keep their state in it. */
  readonly bucket: string;
  /**
   * Object key of the state.
   * @default "<stack name>/terraform.tfstate"
   */
  readonly key?: string;
  /**
   * Region of the bucket.
   * @default the stack's region
   */
  readonly region?: string;
}

const S3_OPTIONS: ReadonlyArray<keyof S3StateOptions> = ['bucket', 'key', 'region'];

/** Options of {@link StateBackend.s3Partial}: those of {@link StateBackend.s3} but the bucket. */
export type S3PartialStateOptions = Omit<S3StateOptions, 'bucket'>;

const S3_PARTIAL_OPTIONS: ReadonlyArray<keyof S3PartialStateOptions> = ['key', 'region'];

type Backend =
  | { readonly kind: 's3'; readonly options: Partial<S3StateOptions> }
  | { readonly kind: 'local'; readonly path: string };

/** Checks the options of an S3 backend (`bucket` only when `withBucket`). */
function checkS3Options(v: PropsValidator, options: Partial<S3StateOptions> | undefined, withBucket: boolean): void {
  const known = withBucket ? S3_OPTIONS : S3_PARTIAL_OPTIONS;
  if (v.knownProps('options', options, known)
    && v.check(isObject(options) || (!withBucket && options === undefined), 'options', options, withBucket ? '{ bucket, key?, region? }' : '{ key?, region? }')) {
    if (withBucket) {
      v.format('options.bucket', options!.bucket, S3_BUCKET_NAME, true);
    }
    v.format('options.region', options?.region, AWS_REGION);
    // An S3 object key of at most 1024 bytes; the S3 backend refuses a key that starts or ends with "/" (and "//").
    const key = options?.key;
    v.check(key === undefined || (typeof key === 'string' && /^[\w.\-/]{1,1024}$/.test(key) && !key.startsWith('/') && !key.endsWith('/') && !key.includes('//')),
      'options.key', key, 'a relative object key of at most 1024 letters, digits, ".", "-", "_" and "/", not starting or ending with "/"');
  }
}

/**
 * Where a stack keeps its Terraform state. Every choice keeps absolute paths out of the output: S3 (encrypted,
 * with S3-native locking, Terraform >= 1.10) for shared stacks, named in the output (`s3`) or at `terraform init`
 * (`s3Partial`, for a bucket named after the account id), or a local file whose path is relative to the stack's
 * directory, for the stack that creates the state bucket itself.
 */
export class StateBackend {
  /** State in an S3 bucket, encrypted, locked with a lock file next to it. */
  public static s3(options: S3StateOptions): StateBackend {
    const v = new PropsValidator('StateBackend.s3');
    checkS3Options(v, options, true);
    v.throwIfInvalid();
    return new StateBackend({ kind: 's3', options: { ...options } });
  }

  /**
   * State in an S3 bucket whose name is given at `terraform init` rather than in the output (Terraform's partial
   * backend configuration), for a bucket named after the account id, as StateBucket's `namePrefix` makes it:
   * `terraform init -backend-config="bucket=$(terraform -chdir=<state stack dir> output -raw state_bucket)"`.
   * Everything else is as with {@link StateBackend.s3}: encrypted, locked with a lock file.
   */
  public static s3Partial(options?: S3PartialStateOptions): StateBackend {
    const v = new PropsValidator('StateBackend.s3Partial');
    checkS3Options(v, options, false);
    v.throwIfInvalid();
    return new StateBackend({ kind: 's3', options: { ...options } });
  }

  /** State in a local file, relative to the stack's working directory. */
  public static local(path = 'terraform.tfstate'): StateBackend {
    const v = new PropsValidator('StateBackend.local');
    v.check(typeof path === 'string' && path.length <= 1024 && /^[\w.\-/]+$/.test(path) && !path.startsWith('/') && !path.endsWith('/')
      && !path.split('/').includes('..') && !path.split('/').includes('.'), 'path', path,
    'a relative file path inside the stack directory, such as "terraform.tfstate" (absolute paths would make the output machine-specific)');
    v.throwIfInvalid();
    return new StateBackend({ kind: 'local', path });
  }

  private constructor(private readonly backend: Backend) {}

  /** The bucket of an S3 backend; undefined for a local one, or for an S3 one whose bucket is given at `terraform init`. */
  public get bucket(): string | undefined {
    return this.backend.kind === 's3' ? this.backend.options.bucket : undefined;
  }

  /** @internal */
  public _apply(stack: TerraformStack, stackName: string, region: string): void {
    const b = this.backend;
    if (b.kind === 'local') {
      new LocalBackend(stack, { path: b.path });
      return;
    }
    new (b.options.bucket === undefined ? PartialS3Backend : S3Backend)(stack, {
      // Left out of the output for s3Partial: `terraform init -backend-config="bucket=..."` supplies it.
      bucket: b.options.bucket as string,
      key: b.options.key ?? `${stackName}/terraform.tfstate`,
      region: b.options.region ?? region,
      encrypt: true,
    });
    // S3-native state locking (Terraform >= 1.10); the cdktf 0.21 bindings predate the option.
    stack.addOverride('terraform.backend.s3.use_lockfile', true);
  }
}

/**
 * An S3 backend without its bucket. Another stack cannot read this one's outputs: cdktf would give it a
 * terraform_remote_state with this backend's settings, which lack the bucket.
 */
class PartialS3Backend extends S3Backend {
  public constructor(private readonly stack: TerraformStack, config: S3BackendConfig) {
    super(stack, config);
  }

  public getRemoteStateDataSource(scope: Construct, _name: string, _fromStack: string): TerraformRemoteState {
    const v = PropsValidator.of(this.stack);
    v.fail('backend', 'StateBackend.s3Partial()', `a backend that names its bucket (StateBackend.s3({ bucket })), since stack "${scope.node.path}" `
      + 'reads outputs of this stack (a cross-stack reference becomes a terraform_remote_state, which needs the bucket); or pass the value as a stack variable');
    try {
      v.throwIfInvalid();
    } catch (err) {
      // cdktf rewrites the message of an error thrown while it resolves a reference (a "Resolution error" prefix and the
      // reference's creation stack); keelson's errors name the construct and prop instead of carrying a stack trace.
      const message = (err as Error).message;
      Object.defineProperty(err, 'message', { get: () => message, set: () => undefined });
      throw err;
    }
    throw new Error('unreachable');
  }
}
