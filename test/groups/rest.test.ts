import { describeTestGroup } from '../helpers/test-groups';

describeTestGroup('rest');
