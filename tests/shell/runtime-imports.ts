import { builtinModules } from 'node:module'
import ts from 'typescript'

/** A module a built file loads at run time, and how (the test names it in a failure). */
export type RuntimeImport = { specifier: string; how: string }

/**
 * Every module a built JavaScript file loads: static and dynamic imports, re-exports,
 * `require('x')`, and `createRequire(...)('x')` (how the vault loads the native keytar),
 * including through a variable holding a createRequire result. Read from the syntax tree, so
 * an import written in a comment or a string does not count. A load whose name is computed
 * is returned with specifier '' so the caller can refuse it: nobody could tell what it needs.
 */
export function runtimeImports(fileName: string, source: string): RuntimeImport[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
  const found: RuntimeImport[] = []
  const requireFunctions = new Set(['require'])

  const isCreateRequireCall = (node: ts.Node): boolean =>
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'createRequire'

  const literal = (node: ts.Node | undefined): string =>
    node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : ''

  // First pass: names bound to a createRequire(...) result (`const req = createRequire(url)`).
  const collectRequires = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      isCreateRequireCall(node.initializer)
    ) {
      requireFunctions.add(node.name.text)
    }
    ts.forEachChild(node, collectRequires)
  }
  collectRequires(file)

  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined
    ) {
      // `import type` never reaches run time (a bundler drops it; kept for completeness).
      if (!(ts.isImportDeclaration(node) && node.importClause?.isTypeOnly)) {
        found.push({ specifier: literal(node.moduleSpecifier), how: 'import' })
      }
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression
      if (callee.kind === ts.SyntaxKind.ImportKeyword) {
        found.push({ specifier: literal(node.arguments[0]), how: 'import()' })
      } else if (ts.isIdentifier(callee) && requireFunctions.has(callee.text)) {
        found.push({ specifier: literal(node.arguments[0]), how: `${callee.text}()` })
      } else if (isCreateRequireCall(callee)) {
        found.push({ specifier: literal(node.arguments[0]), how: 'createRequire()()' })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

const builtins = new Set(builtinModules)

/** The npm package a bare specifier names, or undefined for relative paths and Node built-ins. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) {
    return undefined
  }
  const parts = specifier.split('/')
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '')
  return builtins.has(name) ? undefined : name
}
