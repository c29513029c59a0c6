import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { PropsValidator } from '../core/validator';
import { AWS_REGION, S3_BUCKET_NAME } from './aws-formats';

/** Options of {@link StateBackend.s3}. */
export interface S3StateOptions {
  /** The state bucket (see StateBucket). */
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
    return new StateBackend({ kind: 's3', options });
  }

  /** State in a local file, relative to the stack's working directory. */
  public static local(path = 'terraform.tfstate'): StateBackend {
    return new StateBackend({ kind: 'local', path });
  }

  private constructor(private readonly backend: Backend) {}

  /** @internal */
  public _validate(v: PropsValidator): void {
    const b = this.backend;
    if (b.kind === 's3') {
      v.format('backend.bucket', b.options.bucket, S3_BUCKET_NAME, true);
      v.format('backend.region', b.options.region, AWS_REGION);
      v.check(b.options.key === undefined || (/^[\w.\-/]+$/.test(b.options.key) && !b.options.key.startsWith('/')),
        'backend.key', b.options.key, 'a relative object key of letters, digits, ".", "-", "_" and "/"');
    } else {
      v.check(/^[\w.\-/]+$/.test(b.path) && !b.path.startsWith('/') && !b.path.split('/').includes('..'), 'backend.path', b.path,
        'a relative path inside the stack directory, such as "terraform.tfstate" (absolute paths would make the output machine-specific)');
    }
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
