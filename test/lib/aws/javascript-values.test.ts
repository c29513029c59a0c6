import { describeJavaScriptValues } from '../../helpers/javascript-values';
import { QUICK, SLOW, SLOW_TARGET_VALUES } from './javascript-values.groups';

// The AWS value targets that build at most a VPC per value (see javascript-values.groups.ts); the heaviest ones run in
// javascript-values-heavy.test.ts, so that jest's two workers share them.
describeJavaScriptValues(QUICK, [...SLOW_TARGET_VALUES, Infinity, -1]);
describeJavaScriptValues(SLOW, SLOW_TARGET_VALUES);
