import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeOutputFolders } from '../../../lib/output/output-writer';
import { readTree, tempDir } from '../../helpers/tmp';

describe('writeOutputFolders', () => {
  test('replaces an app folder as a whole: stale files go, other apps stay', () => {
    const out = tempDir();
    writeOutputFolders(out, [
      { name: 'one', files: new Map([['a.yaml', 'a1'], ['old.yaml', 'stale']]) },
      { name: 'two', files: new Map([['b.yaml', 'b1']]) },
    ]);
    writeOutputFolders(out, [{ name: 'one', files: new Map([['a.yaml', 'a2'], ['sub/c.yaml', 'c']]) }]);
    expect(readTree(out)).toEqual({ 'one/a.yaml': 'a2', 'one/sub/c.yaml': 'c', 'two/b.yaml': 'b1' });
  });

  test('a failure while writing leaves the previous output untouched and no staging folders behind', () => {
    const out = tempDir();
    writeOutputFolders(out, [{ name: 'one', files: new Map([['a.yaml', 'a1']]) }]);
    const before = readTree(out);
    expect(() => writeOutputFolders(out, [
      { name: 'one', files: new Map([['a.yaml', 'a2']]) },
      { name: 'two', files: new Map([['../escape.yaml', 'x']]) },
    ])).toThrow('output "two": path "../escape.yaml" must be a normalized relative path inside the folder');
    expect(readTree(out)).toEqual(before);
    expect(fs.readdirSync(out)).toEqual(['one']);
    expect(fs.existsSync(path.join(path.dirname(out), 'escape.yaml'))).toBe(false);
  });
});
