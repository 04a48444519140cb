/**
 * Reading and checking option values. Each value is read once, into a plain copy, so a getter or a
 * proxy cannot pass validation with one value and then hand the channel another; a value that is
 * refused is named by its path (`cors.origins[1]`) and shown in the message.
 */

/** The longest timer delay runtimes honour: a longer one fires at once (Node warns and uses 1 ms). */
export const MAX_TIMER_DELAY = 2 ** 31 - 1;

const SHOWN_LENGTH = 60;

/** A short, printable form of any value for error messages. Never throws, never calls user code. */
export function describe(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > SHOWN_LENGTH ? `${value.slice(0, SHOWN_LENGTH)}…` : value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'function':
      return 'a function';
    case 'object':
      if (value === null) return 'null';
      return isArray(value) ? 'an array' : 'an object';
    default:
      return String(value);
  }
}

/**
 * Throws unless `value` is an integer from `min` to `max`, naming the option and the value; returns
 * it (`-0` as `0`).
 */
export function checkInteger(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
  if (typeof value !== 'number') throw new TypeError(`${name} must be an integer ${range} (got ${describe(value)})`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer ${range} (got ${describe(value)})`);
  }
  return value === 0 ? 0 : value;
}

/** Throws unless `value` is a boolean, naming the option and the value. */
export function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean (got ${describe(value)})`);
  return value;
}

/**
 * A plain copy of an options object: every string-keyed property it has or inherits, read once.
 * `name` is what the object is called in messages; `prefix` starts the paths of its properties.
 *
 * @throws TypeError when `value` is not an object (arrays and functions are not), or a property cannot be read.
 */
export function readOptions(value: unknown, name: string, prefix = ''): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || isArray(value)) {
    throw new TypeError(`${name} must be an object (got ${describe(value)})`);
  }
  const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of keysOf(value, name)) copy[key] = readProperty(value, key, `${prefix}${key}`);
  return copy;
}

/**
 * The items of a real array, each read once. `expected` says what the whole should be, `item`
 * what each item should be.
 *
 * @throws TypeError for anything that is not an array (array-likes, typed arrays) and for a hole.
 */
export function arrayItems(value: unknown, path: string, expected: string, item: string): unknown[] {
  if (!isArray(value)) throw new TypeError(`${path} must be ${expected} (got ${describe(value)})`);
  const length = readProperty(value, 'length', `${path}.length`) as number;
  const items: unknown[] = [];
  for (let index = 0; index < length; index++) {
    if (!hasProperty(value, index, path)) throw new TypeError(`${path}[${index}] must be ${item} (got a hole)`);
    items.push(readProperty(value, index, `${path}[${index}]`));
  }
  return items;
}

/** Reads one property, turning a getter's or a proxy's exception into a TypeError that names it. */
export function readProperty(source: object, key: string | number, path: string): unknown {
  try {
    return (source as Record<string | number, unknown>)[key];
  } catch (error) {
    throw unreadable(path, error);
  }
}

function keysOf(value: object, name: string): Set<string> {
  const keys = new Set<string>();
  try {
    for (let source: object | null = value; source !== null && source !== Object.prototype; source = Object.getPrototypeOf(source) as object | null) {
      for (const key of Reflect.ownKeys(source)) if (typeof key === 'string') keys.add(key);
    }
  } catch (error) {
    throw unreadable(name, error);
  }
  return keys;
}

function hasProperty(source: object, index: number, path: string): boolean {
  try {
    return index in source;
  } catch (error) {
    throw unreadable(`${path}[${index}]`, error);
  }
}

/** `Array.isArray`, false for a revoked proxy (on which it throws). */
export function isArray(value: unknown): value is readonly unknown[] {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

function unreadable(path: string, error: unknown): TypeError {
  let reason = 'it threw';
  try {
    reason = error instanceof Error ? error.message : describe(error);
  } catch {
    // An error whose message cannot be read: the path is still named.
  }
  return new TypeError(`${path} could not be read (${reason})`, { cause: error });
}
