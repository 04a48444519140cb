/** The statement that lists a bundled declaration file's own exports, and the ones it passes on from other modules. */
const LOCAL_EXPORTS = /^export \{([^}]*)\};\n?/m;
const RE_EXPORTS = /^export \{([^}]*)\} from ('[^']+');\n?/gm;

function specifiers(list: string): string[] {
  return list.split(',').map((specifier) => specifier.trim()).filter(Boolean);
}

/**
 * Rewrites the bundled declarations of a module (as tsup writes them) to describe what its CommonJS
 * build gives when `module.exports` is the default export with the named exports assigned onto it:
 * the default export becomes `export =`, and a namespace merged into it holds every named export,
 * so `import X = require(...)`, `X.named` and the type `X.Type` all type-check.
 *
 * @throws Error when the declarations have no default export, or one that is neither a class nor a
 *   function (only those can merge with a namespace), or exports of another shape.
 */
export function commonJsDeclarations(declarations: string): string {
  const local = LOCAL_EXPORTS.exec(declarations);
  const names = specifiers(local?.[1] ?? '');
  const name = names.find((specifier) => specifier.endsWith(' as default'))?.slice(0, -' as default'.length);
  if (!local || name === undefined) throw new Error('commonJsDeclarations: the declarations have no default export');
  if (!new RegExp(`^declare (class|function) ${name.replace(/\$/g, '\\$')}\\b`, 'm').test(declarations)) {
    throw new Error(`commonJsDeclarations: the default export ${name} must be a class or a function to carry the named exports`);
  }
  const members = [...names];
  const body = declarations.replace(local[0], '').replace(RE_EXPORTS, (_statement, list: string, from: string) => {
    // Imported under names of their own (the file may import the same names for its declarations), and
    // exported from the namespace with `type` kept: an `import =` alias of a type-only export is an error.
    const imports = specifiers(list).map((specifier) => {
      const typeOnly = specifier.startsWith('type ');
      const [imported = '', exported = imported] = specifier.replace(/^type /, '').split(' as ');
      const alias = `reExported$${exported}`;
      members.push(`${typeOnly ? 'type ' : ''}${alias} as ${exported}`);
      return `${typeOnly ? 'type ' : ''}${imported} as ${alias}`;
    });
    return `import { ${imports.join(', ')} } from ${from};\n`;
  });
  if (/^export (?!=)/m.test(body)) throw new Error('commonJsDeclarations: the declarations export in a way this does not rewrite');
  const namespace = `declare namespace ${name} {\n  export { ${members.join(', ')} };\n}`;
  return `${body.trimEnd()}\n\n${namespace}\nexport = ${name};\n`;
}
