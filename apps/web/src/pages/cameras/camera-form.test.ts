import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyForm, errorFor, parseTags, toBody } from './camera-form';

describe('camera form', () => {
  it('builds a create body: trimmed text, parsed tags and numbers, empty optionals as null', () => {
    const f = { ...emptyForm('dom_a1'), name: ' Gate ', mainUrl: ' rtsp://h/1 ', tags: 'a, b;a,, c', latitude: '51.5', longitude: '', password: 'pw' };
    const { body, errors } = toBody(f, true);
    assert.deepEqual(errors, {});
    assert.equal(body.name, 'Gate');
    assert.equal(body.mainUrl, 'rtsp://h/1');
    assert.deepEqual(body.tags, ['a', 'b', 'c']);
    assert.deepEqual(body.location, { latitude: 51.5, longitude: null, address: null });
    assert.equal(body.subUrl, null);
    assert.equal(body.password, 'pw');
  });

  it('sends the password only when replaced, and null to clear it', () => {
    const keep = toBody({ ...emptyForm('dom_a1'), passwordMode: 'keep', password: '' }, false).body;
    assert.ok(!('password' in keep));
    assert.equal(toBody({ ...emptyForm('dom_a1'), passwordMode: 'clear' }, false).body.password, null);
    assert.ok(!('password' in toBody({ ...emptyForm('dom_a1'), passwordMode: 'set', password: '' }, false).body));
  });

  it('flags bad coordinates before sending', () => {
    const { errors } = toBody({ ...emptyForm(''), latitude: '91', longitude: 'east' }, true);
    assert.equal(errors['location.latitude'], 'must be between -90 and 90');
    assert.equal(errors['location.longitude'], 'must be a number');
    assert.equal(errors.domainId, 'choose a domain');
  });

  it('finds server errors by full or short field name', () => {
    assert.equal(errorFor({ latitude: 'x' }, 'location.latitude'), 'x');
    assert.equal(errorFor({ 'groupIds.1': 'no such group' }, 'groupIds'), 'no such group');
    assert.equal(errorFor({}, 'name'), undefined);
    assert.deepEqual(parseTags(' , '), []);
  });
});
