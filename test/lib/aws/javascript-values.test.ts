import { describeJavaScriptValues } from '../../helpers/javascript-values';
import { SLOW_TARGETS, SLOW_TARGET_VALUES, TARGETS } from './javascript-values.targets';

// Every public construct of keelson/aws, its methods and its factories, fed hostile JavaScript values at every prop
// (see the targets): a ValidationError, or Terraform output that declares every reference; nothing else.
describeJavaScriptValues(TARGETS.filter((t) => !SLOW_TARGETS.has(t.name)));
describeJavaScriptValues(TARGETS.filter((t) => SLOW_TARGETS.has(t.name)), SLOW_TARGET_VALUES);
