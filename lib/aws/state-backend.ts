import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
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

type Backend =
  | { readonly kind: 's3'; readonly options: S3StateOptions }
  | { readonly kind: 'local'; readonly path: string };

/**
 * Where a stack keeps its Terraform state. Both choices keep absolute paths out of the output: S3 (encrypted,
 * with S3-native locking, Terraform >= 1.10) for shared stacks, or a local file whose path is relative to the
 * stack's directory, for the stack that creates the state bucket itself.
 */
export class StateBackend {
  /** State in an S3 bucket, encrypted, locked with a lock file next to it. */
  public static s3(options: S3StateOptions): StateBackend {
    const v = new PropsValidator('StateBackend.s3');
    if (v.knownProps('options', options, S3_OPTIONS) && v.check(isObject(options), 'options', options, '{ bucket, key?, region? }')) {
      v.format('options.bucket', options.bucket, S3_BUCKET_NAME, true);
      v.format('options.region', options.region, AWS_REGION);
      // An S3 object key of at most 1024 bytes; the S3 backend refuses a key that starts or ends with "/" (and "//").
      const key = options.key;
      v.check(key === undefined || (typeof key === 'string' && /^[\w.\-/]{1,1024}$/.test(key) && !key.startsWith('/') && !key.endsWith('/') && !key.includes('//')),
        'options.key', key, 'a relative object key of at most 1024 letters, digits, ".", "-", "_" and "/", not starting or ending with "/"');
    }
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

  /** The bucket of an S3 backend; undefined for a local one. */
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
    new S3Backend(stack, {
      bucket: b.options.bucket,
      key: b.options.key ?? `${stackName}/terraform.tfstate`,
      region: b.options.region ?? region,
      encrypt: true,
    });
    // S3-native state locking (Terraform >= 1.10); the cdktf 0.21 bindings predate the option.
    stack.addOverride('terraform.backend.s3.use_lockfile', true);
  }
}
