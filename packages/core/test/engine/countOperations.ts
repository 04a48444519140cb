/** Prototype methods that each count as one operation on a collection. */
const COUNTED: Array<[object, string[]]> = [
  [Map.prototype, ['get', 'set', 'has', 'delete', 'clear', 'forEach', 'keys', 'values', 'entries']],
  [Set.prototype, ['add', 'has', 'delete', 'clear', 'forEach', 'keys', 'values', 'entries']],
  [Array.prototype, ['push', 'pop', 'shift', 'unshift', 'splice', 'slice', 'indexOf', 'includes', 'find', 'findIndex', 'filter', 'map', 'forEach', 'some', 'every', 'concat']],
  // One step of any for-of loop over a Map, a Set or an array.
  [Object.getPrototypeOf(new Map().values()) as object, ['next']],
  [Object.getPrototypeOf(new Set().values()) as object, ['next']],
  [Object.getPrototypeOf([].values()) as object, ['next']],
];

/**
 * Runs `work` (synchronously) and returns how many collection operations it made: calls of Map,
 * Set and Array methods and iteration steps over them. Counting operations instead of measuring
 * time makes "does not depend on the size" a property a test can check exactly.
 */
export function countOperations(work: () => void): number {
  let count = 0;
  const originals: Array<[Record<string, unknown>, string, unknown]> = [];
  for (const [target, names] of COUNTED) {
    const record = target as Record<string, unknown>;
    for (const name of names) {
      const original = record[name] as (...args: unknown[]) => unknown;
      originals.push([record, name, original]);
      record[name] = function (this: unknown, ...args: unknown[]) {
        count++;
        return original.apply(this, args);
      };
    }
  }
  try {
    work();
  } finally {
    for (const [record, name, original] of originals) record[name] = original;
  }
  return count;
}
