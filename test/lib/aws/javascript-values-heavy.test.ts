import { describeJavaScriptValues } from '../../helpers/javascript-values';
import { HEAVY_TARGETS, HEAVY_TARGET_VALUES } from './javascript-values.groups';

// The AWS value targets that build a cluster and more (add-ons, access, caches) for every value.
describeJavaScriptValues(HEAVY_TARGETS, HEAVY_TARGET_VALUES);
