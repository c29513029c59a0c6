import type { AppDefinition } from '../lib/output/synth-apps';
import { CATALOGUE } from './catalogue';

/** Every example app, in the order `npm run synth` writes them. An app's module is loaded only when it is built. */
export const EXAMPLE_APPS: readonly AppDefinition[] = CATALOGUE.map(({ name, description, load }) => ({
  name,
  description,
  build: (app) => load().build(app),
}));
