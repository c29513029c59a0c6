// Node ESM importing the CommonJS package: named exports of every entry point must be visible.
import { AppStack, SecureNamespace, runSynthCli } from 'keelson';
import { synthApp } from 'keelson/testing';
import { PlatformStack } from 'keelson/aws';

for (const [name, value] of Object.entries({ AppStack, SecureNamespace, runSynthCli, synthApp, PlatformStack })) {
  if (typeof value !== 'function') {
    throw new Error(`ESM import of ${name} gave ${typeof value}`);
  }
}
const out = synthApp((app) => new SecureNamespace(new AppStack(app, 'esm'), 'esm'));
if (out.find('Namespace', 'esm').metadata.name !== 'esm') {
  throw new Error('ESM synth failed');
}
console.log(`ESM: ${out.objects.length} objects`);
