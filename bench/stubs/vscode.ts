/**
 * A stand-in for the `vscode` module so `activate()` can run in plain Node for the activation bench.
 * Every property is another callable, constructible stub; iteration yields nothing; nothing is a
 * thenable. Registration code runs through it; behaviour that needs a real editor does not.
 */
const cache = new Map<string, unknown>();

function stub(name: string): any {
  const hit = cache.get(name);
  if (hit) return hit;
  const target = function () {} as unknown as Record<PropertyKey, unknown>;
  const p: any = new Proxy(target, {
    get(t, key) {
      if (key === 'then') return undefined;
      if (key === Symbol.iterator) return function* () {};
      if (key === Symbol.toPrimitive) return () => 0;
      if (key === 'toString' || key === 'toJSON') return () => name;
      if (key === 'prototype') return t.prototype;
      if (typeof key === 'symbol') return undefined;
      if (Object.prototype.hasOwnProperty.call(t, key)) return t[key];
      return stub(`${name}.${key}`);
    },
    set(t, key, value) {
      t[key] = value;
      return true;
    },
    apply: () => stub(`${name}()`),
    construct: () => {
      // Each instance is its own object (classes extending stubs keep their own fields).
      const own: Record<PropertyKey, unknown> = {};
      return new Proxy(own, { get: (o, k) => (k in o ? o[k] : k === 'then' ? undefined : typeof k === 'symbol' ? undefined : stub(`${name}#.${String(k)}`)) });
    },
  });
  cache.set(name, p);
  return p;
}

module.exports = stub('vscode');
