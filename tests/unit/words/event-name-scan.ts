/**
 * Finds every event name the sources log, without trusting their types: a log helper is recognised by its shape (a
 * parameter named `event` right before one named `details`), and so is any function that hands one of its own
 * parameters on to such a helper as the event (the directory link's `failed(…, event, details)` and
 * `restricted(f, event)`). Every argument in an event position must then be a string literal, a choice between
 * literals, or a constant that is one — anything computed is reported, so a name cannot be assembled at run time.
 * The one exception is a name relayed from another thread, whose log call is guarded by `isEngineEventName(sameName)`:
 * it was logged as a literal where it came from, and is checked against the catalogue where it arrives.
 *
 * The TypeScript checker only tells which declaration a call reaches (`this.o.log` → the options' `log`), so a
 * `params.append(k, v)` or `res.write(chunk)` of another kind is not mistaken for a log call.
 */
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface EventNameScan {
  /** Event name → where it is logged (`file:line`). */
  names: Map<string, string[]>;
  /** Event arguments that are not literal names (`file:line: text`). */
  computed: string[];
  /** How many log helpers (and pass-through helpers) were recognised. */
  helpers: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [resolve(p)] : [];
  });
}

const nameOf = (n: ts.Node | undefined): string | null =>
  n && (ts.isIdentifier(n) || ts.isPrivateIdentifier(n) || ts.isStringLiteral(n)) ? n.text : null;

/**
 * The names a call to this declaration is written with: the method, function, property or variable it is — or, for a
 * function type alias (`type Log = (level, event, details) => void`), every member, parameter or variable of that type.
 */
function calledNames(decl: ts.SignatureDeclaration, typedAs: Map<string, string[]>): string[] {
  if (ts.isFunctionTypeNode(decl) || ts.isArrowFunction(decl) || ts.isFunctionExpression(decl)) {
    const holder = ts.isParenthesizedTypeNode(decl.parent) ? decl.parent.parent : decl.parent;
    if (
      ts.isPropertySignature(holder) ||
      ts.isPropertyAssignment(holder) ||
      ts.isPropertyDeclaration(holder) ||
      ts.isVariableDeclaration(holder)
    ) {
      return [nameOf(holder.name)].filter((n): n is string => n !== null);
    }
    if (ts.isTypeAliasDeclaration(holder)) return typedAs.get(holder.name.text) ?? [];
    return [];
  }
  return [nameOf(decl.name)].filter((n): n is string => n !== null);
}

/** Whether the call `at` sits in the branch of an `if (isEngineEventName(<e>))`: a relayed name checked on arrival. */
function guardedByCatalogue(e: ts.Expression, at: ts.Node): boolean {
  const text = e.getText();
  for (let n: ts.Node | undefined = at; n; n = n.parent) {
    const parent: ts.Node | undefined = n.parent;
    if (parent && ts.isIfStatement(parent) && parent.thenStatement === n) {
      const c = parent.expression;
      if (ts.isCallExpression(c) && calleeName(c) === 'isEngineEventName' && c.arguments[0]?.getText() === text)
        return true;
    }
  }
  return false;
}

function calleeName(call: ts.CallExpression): string | null {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return null;
}

export function scanLoggedEventNames(root: string, dirs: string[]): EventNameScan {
  const files = dirs.flatMap((d) => sourceFiles(join(root, d)));
  const ours = new Set(files);
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX,
    types: ['node'],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const sources = program.getSourceFiles().filter((sf) => ours.has(resolve(sf.fileName)));
  const where = (n: ts.Node) => {
    const sf = n.getSourceFile();
    return `${relative(root, sf.fileName)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  };

  // Log helpers by shape, and every call in the sources.
  const sinks = new Map<ts.SignatureDeclaration, number>();
  const calls: ts.CallExpression[] = [];
  const typedAs = new Map<string, string[]>();
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) calls.push(n);
    if (
      (ts.isPropertySignature(n) || ts.isPropertyDeclaration(n) || ts.isParameter(n) || ts.isVariableDeclaration(n)) &&
      n.type &&
      ts.isTypeReferenceNode(n.type)
    ) {
      const alias = n.type.typeName.getText();
      const name = nameOf(n.name);
      if (name) typedAs.set(alias, [...(typedAs.get(alias) ?? []), name]);
    }
    if (ts.isFunctionLike(n)) {
      const params = n.parameters.map((p) => nameOf(p.name));
      const i = params.findIndex((p, k) => p === 'event' && params[k + 1] === 'details');
      if (i >= 0) sinks.set(n, i);
    }
    ts.forEachChild(n, visit);
  };
  for (const sf of sources) visit(sf);

  const names = () => new Set([...sinks.keys()].flatMap((d) => calledNames(d, typedAs)));
  const resolved = new Map<ts.CallExpression, ts.SignatureDeclaration | undefined>();
  const target = (call: ts.CallExpression): ts.SignatureDeclaration | undefined => {
    if (!resolved.has(call))
      resolved.set(call, checker.getResolvedSignature(call)?.declaration as ts.SignatureDeclaration | undefined);
    return resolved.get(call);
  };
  const parameterPassed = (arg: ts.Expression): ts.ParameterDeclaration | null => {
    if (!ts.isIdentifier(arg)) return null;
    const decl = checker.getSymbolAtLocation(arg)?.valueDeclaration;
    return decl && ts.isParameter(decl) ? decl : null;
  };

  // A function that passes its own parameter on as the event is a log helper too (until nothing new is found).
  for (let grew = true; grew;) {
    grew = false;
    const wanted = names();
    for (const call of calls) {
      const callee = calleeName(call);
      if (!callee || !wanted.has(callee)) continue;
      const decl = target(call);
      const index = decl ? sinks.get(decl) : undefined;
      const arg = index === undefined ? undefined : call.arguments[index];
      const param = arg ? parameterPassed(arg) : null;
      if (!param) continue;
      const fn = param.parent as ts.SignatureDeclaration;
      if (!sinks.has(fn)) {
        sinks.set(fn, fn.parameters.indexOf(param));
        grew = true;
      }
    }
  }

  const found = new Map<string, string[]>();
  const computed: string[] = [];
  const collect = (e: ts.Expression, at: ts.Node, seen: Set<ts.Node>): void => {
    if (guardedByCatalogue(e, at)) return;
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) {
      found.set(e.text, [...(found.get(e.text) ?? []), where(at)]);
    } else if (ts.isConditionalExpression(e)) {
      collect(e.whenTrue, at, seen);
      collect(e.whenFalse, at, seen);
    } else if (
      ts.isParenthesizedExpression(e) ||
      ts.isAsExpression(e) ||
      ts.isSatisfiesExpression(e) ||
      ts.isNonNullExpression(e)
    ) {
      collect(e.expression, at, seen);
    } else if (ts.isIdentifier(e)) {
      const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
      if (decl && ts.isParameter(decl) && sinks.has(decl.parent as ts.SignatureDeclaration)) return; // passed through
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer && !seen.has(decl))
        collect(decl.initializer, at, new Set([...seen, decl]));
      else computed.push(`${where(at)}: ${e.getText()}`);
    } else {
      computed.push(`${where(at)}: ${e.getText()}`);
    }
  };
  const wanted = names();
  for (const call of calls) {
    const callee = calleeName(call);
    if (!callee || !wanted.has(callee)) continue;
    const decl = target(call);
    const index = decl ? sinks.get(decl) : undefined;
    const arg = index === undefined ? undefined : call.arguments[index];
    if (arg) collect(arg, call, new Set());
  }
  return { names: found, computed, helpers: sinks.size };
}
