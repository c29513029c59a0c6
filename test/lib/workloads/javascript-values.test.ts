import { describeJavaScriptValues } from '../../helpers/javascript-values';
import { API_ACCESS_TARGETS } from './api-access.values';
import { TARGETS } from './javascript-values.targets';

describeJavaScriptValues([...TARGETS, ...API_ACCESS_TARGETS]);
