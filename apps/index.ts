import { AppDefinition } from '../lib';
import { counterApps } from './counter';
import { eksPlatformApp } from './eks-platform';
import { meshApps } from './mesh';
import { securityApps } from './security';
import { serverlessApps } from './serverless';

/** Every example app, in the order `npm run synth` writes them. */
export const EXAMPLE_APPS: readonly AppDefinition[] = [eksPlatformApp, ...counterApps, ...meshApps, ...serverlessApps, ...securityApps];
