import { describe, expect, it } from 'vitest';
import { commonJsDeclarations } from '../src/index.js';

const bundled = (defaultDeclaration: string): string =>
  [
    "import { Base } from 'base';",
    "export { Options, type Shape as Form } from 'base';",
    'type Local = string;',
    defaultDeclaration,
    'declare function helper(): void;',
    'export { type Local, Channel as default, helper };',
  ].join('\n');

describe('commonJsDeclarations', () => {
  it('makes a class default export the `export =` and merges every named export into it', () => {
    expect(commonJsDeclarations(bundled('declare class Channel extends Base {}'))).toBe(
      [
        "import { Base } from 'base';",
        "import { Options as reExported$Options, type Shape as reExported$Form } from 'base';",
        'type Local = string;',
        'declare class Channel extends Base {}',
        'declare function helper(): void;',
        '',
        'declare namespace Channel {',
        '  export { type Local, Channel as default, helper, reExported$Options as Options, type reExported$Form as Form };',
        '}',
        'export = Channel;',
        '',
      ].join('\n'),
    );
  });

  it('refuses a default export that cannot merge with a namespace, naming it', () => {
    expect(() => commonJsDeclarations(bundled('declare const Channel: { plugin: string };'))).toThrow(
      'the default export Channel must be a class or a function',
    );
  });

  it('refuses declarations without a default export', () => {
    expect(() => commonJsDeclarations('declare function helper(): void;\nexport { helper };\n')).toThrow('no default export');
  });
});
