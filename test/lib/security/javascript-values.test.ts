import { describeJavaScriptValues } from '../../helpers/javascript-values';
import { TARGETS } from './javascript-values.targets';

// Every security construct, method and factory, fed the values JavaScript callers pass by mistake (see the targets).
describeJavaScriptValues(TARGETS);
