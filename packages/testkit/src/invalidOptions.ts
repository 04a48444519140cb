/**
 * Channel options that must be refused at construction: the options, the error type and the
 * message that names the option and the value. Shared so every package checks the same cases.
 */
export const INVALID_OPTIONS: ReadonlyArray<readonly [options: Record<string, unknown>, type: typeof TypeError | typeof RangeError, message: string]> = [
  [{ historySize: -1 }, RangeError, 'historySize must be an integer >= 0 (got -1)'],
  [{ historySize: 1.5 }, RangeError, 'historySize must be an integer >= 0 (got 1.5)'],
  [{ historySize: '5' }, TypeError, 'historySize must be an integer >= 0 (got "5")'],
  [{ historySize: Number.NaN }, RangeError, 'historySize must be an integer >= 0 (got NaN)'],
  [{ historySize: Number.POSITIVE_INFINITY }, RangeError, 'historySize must be an integer >= 0 (got Infinity)'],
  [{ history: 'abc' }, TypeError, 'history must be an array of event objects (got "abc")'],
  [{ history: [null] }, TypeError, 'history must be an array of event objects (got an array)'],
  [{ retryTimeout: -5 }, RangeError, 'retryTimeout must be an integer >= 0 (got -5)'],
  [{ retryTimeout: 2.5 }, RangeError, 'retryTimeout must be an integer >= 0 (got 2.5)'],
  [{ retryTimeout: '1000' }, TypeError, 'retryTimeout must be an integer >= 0 (got "1000")'],
  [{ pingInterval: -1 }, RangeError, 'pingInterval must be an integer >= 0 (got -1)'],
  [{ pingInterval: 0.5 }, RangeError, 'pingInterval must be an integer >= 0 (got 0.5)'],
  [{ pingInterval: true }, TypeError, 'pingInterval must be an integer >= 0 (got true)'],
  [{ pingInterval: '20000' }, TypeError, 'pingInterval must be an integer >= 0 (got "20000")'],
  [{ jsonEncode: 'yes' }, TypeError, 'jsonEncode must be a boolean (got "yes")'],
  [{ jsonEncode: 1 }, TypeError, 'jsonEncode must be a boolean (got 1)'],
  [{ cors: 'https://a.example' }, TypeError, 'cors must be an object or false (got "https://a.example")'],
  [{ cors: true }, TypeError, 'cors must be an object or false (got true)'],
  [{ cors: {} }, TypeError, "cors.origins must be '*' or an array of origin strings (got undefined)"],
  [{ cors: { origins: 'https://a.example' } }, TypeError, `cors.origins must be '*' or an array of origin strings (got "https://a.example")`],
  [{ cors: { origins: [1] } }, TypeError, "cors.origins must be '*' or an array of origin strings (got an array)"],
  [{ cors: { origins: '*', credentials: 'yes' } }, TypeError, 'cors.credentials must be a boolean (got "yes")'],
  [{ cors: { origins: '*', headers: 'X-Token' } }, TypeError, 'cors.headers must be an array of header names (got "X-Token")'],
  [{ maxQueuedBytes: 0 }, RangeError, 'maxQueuedBytes must be an integer >= 1 (got 0)'],
  [{ maxQueuedBytes: 1.5 }, RangeError, 'maxQueuedBytes must be an integer >= 1 (got 1.5)'],
  [{ maxQueuedBytes: '1024' }, TypeError, 'maxQueuedBytes must be an integer >= 1 (got "1024")'],
  [{ slowClientPolicy: 'drop' }, RangeError, `slowClientPolicy must be 'disconnect' or 'drop-oldest' (got "drop")`],
  [{ slowClientPolicy: 1 }, RangeError, `slowClientPolicy must be 'disconnect' or 'drop-oldest' (got 1)`],
];
