import { describeJavaScriptValues } from '../../helpers/javascript-values';
import { SLOW_TARGETS, SLOW_TARGET_VALUES, TARGETS } from './javascript-values.targets';

// Every public construct of keelson/aws, its methods and its factories, fed hostile JavaScript values at every prop
// (see the targets): a ValidationError, or Terraform output that declares every reference; nothing else. Each value
// that is accepted costs a Terraform synthesis, so the AWS targets take one value of each kind (SLOW_TARGET_VALUES),
// plus two numbers where a synthesis is cheap.
describeJavaScriptValues(TARGETS.filter((t) => !SLOW_TARGETS.has(t.name)), [...SLOW_TARGET_VALUES, Infinity, -1]);
describeJavaScriptValues(TARGETS.filter((t) => SLOW_TARGETS.has(t.name)), SLOW_TARGET_VALUES);
