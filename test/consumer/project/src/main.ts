import { runSynthCli } from 'keelson';
import { apps } from './shop';

process.exitCode = runSynthCli(process.argv.slice(2), apps);
