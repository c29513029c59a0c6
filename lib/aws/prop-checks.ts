// Checks shared by the props of the AWS constructs: reading the props object, and values that must be known when
// keelson synthesizes rather than Terraform values (which are shown in messages as the expressions they stand for).
import { DefaultTokenResolver, StringConcat, Token, Tokenization } from 'cdktf';
import { Construct } from 'constructs';
import { holdsTerraformExpression } from '../core/terraform-value';
import { PropsValidator, isObject } from '../core/validator';

/**
 * Checks that `props` has only the `known` prop names, and throws the problems when it is not an object at all
 * (nothing else can be read from it). Returns the props to read, `{}` when none were given.
 */
export function readProps<T extends object>(v: PropsValidator, props: T | undefined, known: ReadonlyArray<keyof T & string>): Partial<T> {
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
