import { describeTestGroup } from '../helpers/test-groups';

describeTestGroup('serverless-storage');
