// Type-checked under moduleResolution node16/nodenext (as an ES module) and bundler.
import { AppStack, SecureNamespace, type AppDefinition } from 'keelson';
import { synthApp, type SynthesizedApp } from 'keelson/testing';
import { PlatformStack, type PlatformStackProps } from 'keelson/aws';

export const def: AppDefinition = { name: 'esm', description: '', build: (app) => new SecureNamespace(new AppStack(app, 'esm'), 'esm') };
export const out: SynthesizedApp = synthApp(def);
export const props: Partial<PlatformStackProps> = { region: 'eu-west-1' };
export const stack: typeof PlatformStack = PlatformStack;
