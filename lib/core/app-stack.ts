import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { MANAGED_BY } from './labels';

/** Props of an {@link AppStack}. */
export interface AppStackProps {
  /**
   * Labels added to every object of the stack.
   * @default none beyond `app.kubernetes.io/part-of` and `app.kubernetes.io/managed-by`
   */
  readonly labels?: Record<string, string>;
}

/**
 * The root of one deployable application: a cdk8s Chart whose objects carry `app.kubernetes.io/part-of: <id>`
 * and `app.kubernetes.io/managed-by: keelson`, and whose object names are exactly the names you give
 * (no generated hash suffixes, so GitOps diffs stay readable).
 */
export class AppStack extends Chart {
  public constructor(scope: Construct, id: string, props: AppStackProps = {}) {
    super(scope, id, {
      disableResourceNameHashes: true,
      labels: {
        ...props.labels,
        'app.kubernetes.io/part-of': id,
        'app.kubernetes.io/managed-by': MANAGED_BY,
      },
    });
  }
}
