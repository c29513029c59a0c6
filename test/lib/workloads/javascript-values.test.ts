import { describeJavaScriptValues } from '../../helpers/javascript-values';
import { TARGETS } from './javascript-values.targets';

describeJavaScriptValues(TARGETS);
