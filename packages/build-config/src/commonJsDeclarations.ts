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
  const members = [`export { ${names.join(', ')} };`];
  let modules = 0;
  const body = declarations.replace(local[0], '').replace(RE_EXPORTS, (_statement, list: string, from: string) => {
    const alias = `reExported$${++modules}`;
    for (const specifier of specifiers(list)) {
      const [imported, exported = imported] = specifier.split(' as ');
      members.push(`export import ${exported} = ${alias}.${imported};`);
    }
    return `import * as ${alias} from ${from};\n`;
  });
  if (/^export (?!=)/m.test(body)) throw new Error('commonJsDeclarations: the declarations export in a way this does not rewrite');
  const namespace = `declare namespace ${name} {\n${members.map((member) => `  ${member}\n`).join('')}}`;
  return `${body.trimEnd()}\n\n${namespace}\nexport = ${name};\n`;
}
