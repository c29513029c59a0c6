import { describeTestGroup } from '../helpers/test-groups';

describeTestGroup('networking');
