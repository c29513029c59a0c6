import { describeJavaScriptValues } from '../../helpers/javascript-values';
import { TARGETS } from './javascript-values.targets';

// Whatever a JavaScript caller passes to any prop of the mesh constructs or their methods, nested or not, they answer
// with a ValidationError that names the field, or accept it with valid output; never a TypeError from deep inside.
describeJavaScriptValues(TARGETS);
