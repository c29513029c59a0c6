// Checks shared by the props of the AWS constructs: reading the props object, and values that must be known when
// keelson synthesizes rather than Terraform values (which are shown in messages as the expressions they stand for).
import { DefaultTokenResolver, StringConcat, TerraformStack, Token, Tokenization } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ValidationError, rejectedValue } from '../core/errors';
import { Format } from '../core/formats';
import { holdsTerraformExpression } from '../core/terraform-value';
import { PropsValidator, checkedScope, isObject } from '../core/validator';
import { SECRET_NAME, TAG_KEY, TAG_VALUE } from './aws-formats';

/**
 * Checks that `props` has only the `known` prop names, and throws the problems when it is not an object at all
 * (nothing else can be read from it). Returns the props to read, `{}` when none were given.
 */
export function readProps<T extends object>(v: PropsValidator, props: T | undefined, known: readonly string[]): Partial<T> {
  v.knownProps('', props, known);
  if (!isObject(props)) {
    v.throwIfInvalid(); // nothing else can be read from it
  }
  return props ?? {};
}

/** A construct passed as a prop, described for an error message by its class and path; any other value as it is. */
export function describedConstruct(value: unknown): unknown {
  return value instanceof Construct ? `${value.constructor.name} ${value.node.path}` : value;
}

/** Whether a string is a Terraform value: a cdktf token, or a "${...}" expression written by hand. */
export function isTerraformValue(value: string): boolean {
  return Token.isUnresolved(value) || holdsTerraformExpression(value);
}

/** A value for an error message: a Terraform value as the expression it stands for, e.g. "${var.zone_name}". */
export function shownValue(scope: Construct, value: unknown): unknown {
  if (typeof value !== 'string' || !Token.isUnresolved(value)) {
    return value;
  }
  try {
    return Tokenization.resolve(value, { scope, resolver: new DefaultTokenResolver(new StringConcat()) });
  } catch {
    return value;
  }
}

/** The Terraform stack `scope` is in, or undefined when it is in none (e.g. a cdk8s Chart). */
export function stackOf(scope: IConstruct): TerraformStack | undefined {
  return scope.node.scopes.find((s): s is TerraformStack => TerraformStack.isStack(s));
}

/** The AWS region of the stack of `scope`, when it is a stack with a region (a PlatformStack). */
export function regionOf(scope: IConstruct): string | undefined {
  const region = (stackOf(scope) as { region?: unknown } | undefined)?.region;
  return typeof region === 'string' ? region : undefined;
}

/**
 * `scope`, once it is known to be inside a Terraform stack (a PlatformStack): pass it to `super(terraformScope(scope,
 * id), id)`. A Terraform resource anywhere else (a cdk8s Chart, the app itself) would fail deep inside cdktf.
 */
export function terraformScope<T extends IConstruct>(scope: T, id: string): T {
  checkedScope(scope, id);
  if (stackOf(scope) === undefined) {
    throw new ValidationError([{ constructPath: scope.node.path === '' ? id : `${scope.node.path}/${id}`, field: 'scope',
      message: rejectedValue(describedConstruct(scope), 'a construct inside a Terraform stack (a PlatformStack in the App of terraformApp(app)), '
        + 'not a Kubernetes chart') }]);
  }
  return scope;
}

/**
 * Checks a string that may also be a Terraform value (a cdktf token of this app, such as `cluster.clusterSecurityGroupId`):
 * a token must be one cdktf knows; a literal must match `format`. Returns whether it passed.
 */
export function terraformString(v: PropsValidator, field: string, value: unknown, format: Format): boolean {
  if (typeof value === 'string' && Token.isUnresolved(value)) {
    let known = true;
    try {
      Tokenization.reverseString(value);
    } catch {
      known = false;
    }
    return v.check(known, field, value, `${format.description} (a Terraform value must be one of this app's, e.g. an attribute of a resource)`);
  }
  return v.format(field, value as string, format, true);
}

/**
 * Checks that `value` is an array, and each item with `item`. Returns the array (undefined when it is not one, or was
 * not given and not `required`).
 */
export function checkList(v: PropsValidator, field: string, value: unknown, required: boolean, expected: string,
  item?: (itemField: string, x: unknown, i: number) => void): unknown[] | undefined {
  if (value === undefined && !required) {
    return undefined;
  }
  if (!v.check(Array.isArray(value), field, value, expected)) {
    return undefined;
  }
  const list = value as unknown[];
  if (item) {
    list.forEach((x, i) => item(`${field}[${i}]`, x, i));
  }
  return list;
}

/** Checks AWS tags: an object of at most `max` tags, each key and value per the AWS tag rules. */
export function checkTags(v: PropsValidator, field: string, tags: unknown, max = 50): void {
  if (tags === undefined) {
    return;
  }
  if (!isObject(tags)) {
    v.fail(field, tags, 'an object of tags, such as { Team: "platform" }');
    return;
  }
  const keys = Object.keys(tags);
  v.check(keys.length <= max, field, tags, `at most ${max} tags (the AWS limit per resource, less the tags keelson adds)`);
  for (const k of keys) {
    if (v.format(`${field} key`, k, TAG_KEY)) {
      v.format(`${field}["${k}"]`, tags[k], TAG_VALUE, true);
    }
  }
}

/** Names that must be unique among the constructs of one app (per registry, e.g. "EKS cluster names"). */
const REGISTRIES = new WeakMap<IConstruct, Map<string, Map<string, string>>>();

/**
 * Checks that no other construct of the same app has claimed `key` in `registry` (AWS refuses the second resource of
 * that name at apply time); returns whether it is free. Call {@link claimName} once the construct is valid.
 */
export function checkUniqueName(scope: IConstruct, v: PropsValidator, registry: string, key: string, field: string, value: unknown, expected: string): boolean {
  const owner = REGISTRIES.get(scope.node.root)?.get(registry)?.get(key);
  return v.check(owner === undefined || owner === scope.node.path, field, value, `${expected} (${owner} has it already)`);
}

/** Records that `scope` has `key` in `registry` (see {@link checkUniqueName}). */
export function claimName(scope: IConstruct, registry: string, key: string): void {
  const root = scope.node.root;
  const registries = REGISTRIES.get(root) ?? new Map<string, Map<string, string>>();
  REGISTRIES.set(root, registries);
  const names = registries.get(registry) ?? new Map<string, string>();
  registries.set(registry, names);
  names.set(key, scope.node.path);
}

/**
 * Checks the name of a Secrets Manager secret this app creates: its form, and that no other secret of the app in the
 * same region has it (Secrets Manager names are unique per account and region; the second one fails at apply time).
 */
export function checkSecretName(scope: IConstruct, v: PropsValidator, field: string, name: unknown): boolean {
  return v.format(field, name as string, SECRET_NAME, true)
    && checkUniqueName(scope, v, 'Secrets Manager names', `${regionOf(scope)}/${name as string}`, field, name,
      `a secret name that no other secret of this app in ${regionOf(scope) ?? 'the region'} has`);
}

/** Records the name of a secret this app creates (see {@link checkSecretName}). */
export function claimSecretName(scope: IConstruct, name: string): void {
  claimName(scope, 'Secrets Manager names', `${regionOf(scope)}/${name}`);
}
