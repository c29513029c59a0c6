import { App } from 'cdk8s';
import { AppStack } from '../../../lib/core/app-stack';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { synth } from '../../helpers/synth';
import { validationMessage } from '../../helpers/bad-input';

describe('AppStack', () => {
  test('its id and labels land on every object', () => {
    const out = synth((s) => new SecureNamespace(s, 'shop'));
    // synth() builds the stack "test".
    for (const m of out) {
      expect(m.metadata?.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'test', 'app.kubernetes.io/managed-by': 'keelson' });
    }
  });

  test.each([
    ['shop app', '[shop app] id: got "shop app"; expected a stack id usable as the label value app.kubernetes.io/part-of'],
    ['x'.repeat(64), `[${'x'.repeat(64)}] id: got "${'x'.repeat(64)}"; expected a stack id usable as the label value`],
    ['-shop', '[-shop] id: got "-shop"'],
    ['shop\u200b', 'id: got "shop\\u200b"; expected a stack id'],
  ])('the id %p is refused: the API server refuses it as a label value', (id, message) => {
    expect(validationMessage(() => new AppStack(new App(), id))).toContain(message);
  });

  test.each([
    [{ 'cost center': 'a' }, '[shop] labels key: got "cost center"; expected a label key'],
    [{ team: 'the shop' }, '[shop] labels["team"]: got "the shop"; expected a label value'],
    [{ team: 42 }, '[shop] labels["team"]: got 42; expected a label value'],
    [{ team: null }, '[shop] labels["team"]: got null; expected a label value'],
    [{ ['x'.repeat(64)]: 'a' }, 'labels key: got "xxxxxxxx'],
    [{ 'app.kubernetes.io/part-of': 'other' }, '[shop] labels["app.kubernetes.io/part-of"]: got "other"; expected no value: keelson sets'],
    ['team=shop', '[shop] labels: got "team=shop"; expected an object of label keys to label values'],
    [['team'], '[shop] labels: got ["team"]; expected an object'],
  ])('labels %p are refused', (labels, message) => {
    expect(validationMessage(() => new AppStack(new App(), 'shop', { labels: labels as any }))).toContain(message);
  });

  test('an unknown prop is refused, with the likely one', () => {
    expect(validationMessage(() => new AppStack(new App(), 'shop', { lables: { a: 'b' } } as any)))
      .toContain('[shop] lables: got {"a":"b"}; expected a known prop (did you mean "labels"?)');
  });

  test('props may be null or undefined', () => {
    expect(() => new AppStack(new App(), 'a', undefined)).not.toThrow();
    expect(validationMessage(() => new AppStack(new App(), 'b', null as any))).toContain('[b] props: got null; expected an object of props');
  });
});
