import { expect } from 'chai';
import { convertConfig, mergeConfig, parseConfigText, Registry, setPath, Spec, stringifyConfig, type ConfigSpecError } from '../src/index.js';
import { protoKeyError, RESERVED_KEYS } from '../src/dict-keys.js';
import { decoratorMode } from './support/mode.js';
import { rejection, thrown } from './support/errors.js';

const registry = new Registry();
function layer(units = 1, options: Record<string, unknown> = {}): unknown {
  return { units, options };
}
registry.configurable('dk', layer);

// A tree with an own "__proto__" key, as JSON.parse makes it.
const withProto = (): Record<string, unknown> => JSON.parse('{"a": {"__proto__": {"polluted": true}}}') as Record<string, unknown>;

describe(`dict-keys (${decoratorMode})`, () => {
  describe('protoKeyError', () => {
    it('says one sentence under the code and at the path it is given', () => {
      const error = protoKeyError('INVALID_OVERRIDE', 'a.b');
      expect([error.code, error.path, error.detail, error.target]).to.deep.equal(['INVALID_OVERRIDE', 'a.b', '"__proto__" is never a valid key', undefined]);
      const keyword = protoKeyError('UNKNOWN_PARAMETER', 'x.kwargs.__proto__', { as: 'keyword', target: 'dk:layer' });
      expect([keyword.detail, keyword.target]).to.deep.equal(['"__proto__" is never a valid keyword', 'dk:layer']);
      expect(protoKeyError('INVALID_OVERRIDE', 'a', { foundAt: 'a.b.__proto__' }).detail).to.equal('"__proto__" is never a valid key (found at a.b.__proto__)');
    });

    it('is the error every walker refuses a "__proto__" key with (reading, building, writing text, converting, editing)', async () => {
      const refusals: [string, ConfigSpecError][] = [
        ['fromDict', thrown(() => Spec.fromDict(withProto(), { registry }))],
        ['instantiate', thrown(() => Spec.instantiate(withProto(), { registry }))],
        ['stringifyConfig json', thrown(() => stringifyConfig(withProto(), { syntax: 'json' }))],
        ['stringifyConfig yaml', await rejection((async () => stringifyConfig(withProto(), { syntax: 'yaml' }))())],
        ['convertConfig', thrown(() => convertConfig(withProto(), { registry }))],
        ['setPath', thrown(() => setPath(withProto(), 'a.x', 1, { registry }))],
        ['mergeConfig', thrown(() => mergeConfig({ a: {} }, withProto(), { registry }))],
      ];
      for (const [where, error] of refusals) {
        expect(error.detail, where).to.match(/^"__proto__" is never a valid key( \(found at a\.__proto__\))?$/);
        expect(error.path, where).to.be.oneOf(['a.__proto__', 'a', 'a.x']);
      }
      // Parsing keeps the key as an own key (readers refuse it later) and never touches a prototype.
      const parsed = parseConfigText<Record<string, Record<string, unknown>>>('{"a": {"__proto__": {"polluted": true}}}', { syntax: 'json' });
      expect(Object.hasOwn(parsed.a as object, '__proto__')).to.equal(true);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });
  });

  it('a flattened "__x__" key of a spec dict is refused with the reserved keys named from RESERVED_KEYS', () => {
    const error = thrown(() => Spec.fromDict({ target: 'dk:layer', __units__: 1, __dense_spec__: true }, { registry }));
    expect(error.path).to.equal('__units__');
    expect(error.detail).to.include(`(reserved: ${[...RESERVED_KEYS].join(', ')})`);
    for (const key of RESERVED_KEYS) expect(error.detail).to.include(key);
  });
});
