import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { LABEL_KEY, LABEL_VALUE } from './formats';
import { MANAGED_BY } from './labels';
import { PropsValidator, checkedScope } from './validator';

/** Props of an {@link AppStack}. */
export interface AppStackProps {
  /**
   * Labels added to every object of the stack: keys and values follow the Kubernetes label rules.
   * @default none beyond `app.kubernetes.io/part-of` and `app.kubernetes.io/managed-by`
   */
  readonly labels?: Record<string, string>;
}

/** The labels keelson sets on every object of a stack; a stack's own `labels` cannot replace them. */
const STACK_LABELS = ['app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by'];

/**
 * The root of one deployable application: a cdk8s Chart whose objects carry `app.kubernetes.io/part-of: <id>`
 * and `app.kubernetes.io/managed-by: keelson`, and whose object names are exactly the names you give
 * (no generated hash suffixes, so GitOps diffs stay readable).
 *
 * The id becomes a label value on every object, so it must be one: at most 63 letters, digits, "-", "_" or ".",
 * starting and ending with a letter or digit (`shop-app`, not `shop app`).
 */
export class AppStack extends Chart {
  public constructor(scope: Construct, id: string, props: AppStackProps = {}) {
    const v = new PropsValidator(Construct.isConstruct(scope) && scope.node.path !== '' ? `${scope.node.path}/${id}` : String(id));
    checkedScope(scope, id);
    v.knownProps('', props, ['labels']);
    v.check(LABEL_VALUE.test(id) && id !== '', 'id', id,
      `a stack id usable as the label value app.kubernetes.io/part-of: ${LABEL_VALUE.description.replace('empty, or ', '')}`);
    const labels = props?.labels;
    if (v.check(labels === undefined || (labels !== null && typeof labels === 'object' && !Array.isArray(labels)), 'labels', labels,
      'an object of label keys to label values')) {
      v.map('labels', labels, LABEL_KEY, LABEL_VALUE);
      for (const key of STACK_LABELS.filter((k) => Object.prototype.hasOwnProperty.call(labels ?? {}, k))) {
        v.fail(`labels["${key}"]`, labels![key], `no value: keelson sets ${key} on every object of the stack (from the id and the tool)`);
      }
    }
    v.throwIfInvalid();
    super(scope, id, {
      disableResourceNameHashes: true,
      labels: {
        ...labels,
        'app.kubernetes.io/part-of': id,
        'app.kubernetes.io/managed-by': MANAGED_BY,
      },
    });
  }
}
