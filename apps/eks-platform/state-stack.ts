import { Construct } from 'constructs';
import { PlatformStack, StateBackend, StateBucket } from '../../lib/aws';
import { PLATFORM } from './platform';

/**
 * Ex 12.01, "create an S3 bucket with Terraform", put to work: the bucket holds the Terraform state of the
 * platform. This small stack keeps its own state in a local file (relative path), since the bucket cannot
 * store the state of its own creation.
 */
export class StateStack extends PlatformStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id, { region: PLATFORM.region, backend: StateBackend.local() });
    new StateBucket(this, 'state-bucket', { namePrefix: PLATFORM.stateBucketPrefix });
  }
}
