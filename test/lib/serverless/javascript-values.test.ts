import { describeJavaScriptValues } from '../../helpers/javascript-values';
import { TARGETS } from './javascript-values.targets';

// Whatever a JavaScript caller passes to any prop of the serverless constructs, nested or not, or to their methods
// and factories, they answer with a ValidationError that names the prop, or with valid output; never with a
// TypeError from deep inside.
describeJavaScriptValues(TARGETS);
