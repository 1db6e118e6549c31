import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * The API reference of every package: for each `packages/<name>/src/index.ts`, every export with its
 * signature and doc comment, from the TypeScript compiler's view of the sources (no build needed).
 * `renderApiDocs` returns the files of docs/api/ by name; `pnpm docs:api` writes them.
 */

/** A package with a public index. */
interface PackageInfo {
  readonly dir: string;
  readonly name: string;
  readonly index: string;
  readonly description: string | undefined;
}

type Kind = 'Functions' | 'Classes' | 'Interfaces' | 'Types' | 'Constants' | 'Enums' | 'Namespaces';
const KIND_ORDER: readonly Kind[] = ['Functions', 'Classes', 'Constants', 'Interfaces', 'Types', 'Enums', 'Namespaces'];

interface Entry {
  readonly name: string;
  readonly kind: Kind;
  readonly signature: string;
  readonly doc: string;
  readonly source: string;
}

function packagesOf(root: string): PackageInfo[] {
  const base = join(root, 'packages');
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .flatMap((dir) => {
      const pkgFile = join(base, dir, 'package.json');
      const index = join(base, dir, 'src', 'index.ts');
      let pkg: { name?: unknown; description?: unknown };
      try {
        pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { name?: unknown; description?: unknown };
        readFileSync(index);
      } catch {
        return [];
      }
      const name = typeof pkg.name === 'string' ? pkg.name : dir;
      const description = typeof pkg.description === 'string' ? pkg.description : undefined;
      return [{ dir, name, index, description }];
    });
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.base.json');
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
  return {
    ...parsed.options,
    composite: false,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    noEmit: true,
    customConditions: ['@peapod/source'],
  };
}

const FORMAT = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;
/** Longer inferred types (zod schemas) are cut: they say little beyond their declaration. */
const MAX_TYPE_LENGTH = 300;

function typeText(checker: ts.TypeChecker, type: ts.Type, at: ts.Node): string {
  const text = checker.typeToString(type, at, FORMAT);
  return text.length > MAX_TYPE_LENGTH ? `${text.slice(0, MAX_TYPE_LENGTH)}...` : text;
}

function docOf(checker: ts.TypeChecker, symbol: ts.Symbol): string {
  const body = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const tags = symbol
    .getJsDocTags(checker)
    .filter((t) => t.name !== 'param' && t.name !== 'returns' && t.name !== 'template')
    .map((t) => {
      const text = ts.displayPartsToString(t.text ?? []).trim();
      return t.name === 'example' ? `Example:\n\n\`\`\`ts\n${text}\n\`\`\`` : `*@${t.name}* ${text}`.trim();
    });
  return [body, ...tags].filter((s) => s !== '').join('\n\n');
}

function isPublicMember(member: ts.ClassElement): boolean {
  const flags = ts.getCombinedModifierFlags(member as ts.Declaration);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  return member.name === undefined || !ts.isPrivateIdentifier(member.name);
}

function classSignature(checker: ts.TypeChecker, decl: ts.ClassDeclaration, name: string, sf: ts.SourceFile): string {
  const typeParams = decl.typeParameters ? `<${decl.typeParameters.map((p) => p.getText(sf)).join(', ')}>` : '';
  const heritage = (decl.heritageClauses ?? []).map((h) => ` ${h.getText(sf)}`).join('');
  const lines: string[] = [];
  for (const member of decl.members) {
    if (!isPublicMember(member)) continue;
    const flags = ts.getCombinedModifierFlags(member as ts.Declaration);
    const prefix = `${flags & ts.ModifierFlags.Static ? 'static ' : ''}${flags & ts.ModifierFlags.Readonly ? 'readonly ' : ''}`;
    const memberName = member.name?.getText(sf) ?? '';
    if (ts.isConstructorDeclaration(member) || ts.isMethodDeclaration(member)) {
      if (ts.isMethodDeclaration(member) && member.body !== undefined && hasOverloads(decl, member, sf)) continue;
      const signature = checker.getSignatureFromDeclaration(member);
      if (signature === undefined) continue;
      const text = checker.signatureToString(signature, member, FORMAT);
      lines.push(`  ${prefix}${ts.isConstructorDeclaration(member) ? 'constructor' : memberName}${text};`);
    } else if (ts.isPropertyDeclaration(member)) {
      const type = checker.getTypeAtLocation(member);
      lines.push(`  ${prefix}${memberName}${member.questionToken ? '?' : ''}: ${typeText(checker, type, member)};`);
    } else if (ts.isGetAccessorDeclaration(member)) {
      const type = checker.getTypeAtLocation(member);
      lines.push(`  ${prefix}get ${memberName}(): ${typeText(checker, type, member)};`);
    }
  }
  for (const param of decl.members.find(ts.isConstructorDeclaration)?.parameters ?? []) {
    const flags = ts.getCombinedModifierFlags(param);
    if (!(flags & (ts.ModifierFlags.Public | ts.ModifierFlags.Readonly)) || flags & ts.ModifierFlags.Private) continue;
    if (flags & ts.ModifierFlags.Protected) continue;
    const type = checker.getTypeAtLocation(param);
    const readonly = flags & ts.ModifierFlags.Readonly ? 'readonly ' : '';
    lines.push(`  ${readonly}${param.name.getText(sf)}: ${typeText(checker, type, param)};`);
  }
  return `class ${name}${typeParams}${heritage} {\n${lines.join('\n')}\n}`;
}

/** An implementation signature whose overloads are listed instead. */
function hasOverloads(decl: ts.ClassDeclaration, method: ts.MethodDeclaration, sf: ts.SourceFile): boolean {
  const name = method.name.getText(sf);
  return decl.members.some((m) => m !== method && ts.isMethodDeclaration(m) && m.name.getText(sf) === name);
}

function stripExport(text: string): string {
  return text.replace(/^export\s+(declare\s+)?/, '');
}

function entryOf(checker: ts.TypeChecker, exported: ts.Symbol, root: string): Entry | undefined {
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const decls = symbol.declarations ?? [];
  const decl = decls[0];
  if (decl === undefined) return undefined;
  const sf = decl.getSourceFile();
  const name = exported.name;
  const source = relative(root, sf.fileName);
  const doc = docOf(checker, symbol);
  const entry = (kind: Kind, signature: string): Entry => ({ name, kind, signature, doc, source });

  if (ts.isFunctionDeclaration(decl)) {
    const type = checker.getTypeOfSymbolAtLocation(symbol, decl);
    const signatures = type.getCallSignatures();
    const lines = signatures.map((s) => `function ${name}${checker.signatureToString(s, decl, FORMAT)};`);
    return entry('Functions', lines.join('\n'));
  }
  if (ts.isClassDeclaration(decl)) return entry('Classes', classSignature(checker, decl, name, sf));
  if (ts.isInterfaceDeclaration(decl)) {
    return entry('Interfaces', decls.map((d) => stripExport(d.getText(d.getSourceFile()))).join('\n'));
  }
  if (ts.isTypeAliasDeclaration(decl)) return entry('Types', stripExport(decl.getText(sf)));
  if (ts.isEnumDeclaration(decl)) return entry('Enums', stripExport(decl.getText(sf)));
  if (ts.isModuleDeclaration(decl)) return entry('Namespaces', `namespace ${name}`);
  if (ts.isVariableDeclaration(decl)) {
    const list = decl.parent;
    const keyword = ts.isVariableDeclarationList(list) && list.flags & ts.NodeFlags.Const ? 'const' : 'let';
    const type =
      decl.type !== undefined ? decl.type.getText(sf) : typeText(checker, checker.getTypeAtLocation(decl), decl);
    const kind: Kind = decl.initializer !== undefined && isFunctionLike(decl.initializer) ? 'Functions' : 'Constants';
    return entry(kind, `${keyword} ${name}: ${type};`);
  }
  return entry('Constants', `${name}: ${typeText(checker, checker.getTypeOfSymbolAtLocation(symbol, decl), decl)}`);
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isFunctionLike(node: ts.Expression): boolean {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

function renderPackage(pkg: PackageInfo, entries: readonly Entry[], root: string): string {
  const out: string[] = [
    `# ${pkg.name}`,
    '',
    `<!-- Generated by \`pnpm docs:api\` (scripts/api-docs) from packages/${pkg.dir}/src/index.ts. Do not edit. -->`,
    '',
  ];
  if (pkg.description !== undefined) out.push(pkg.description, '');
  out.push(`Every export of [\`packages/${pkg.dir}/src/index.ts\`](../../${relative(root, pkg.index)}), by kind.`, '');
  for (const kind of KIND_ORDER) {
    const ofKind = entries.filter((e) => e.kind === kind);
    if (ofKind.length === 0) continue;
    out.push(`## ${kind}`, '');
    for (const e of ofKind) {
      out.push(`### ${e.name}`, '', '```ts', e.signature, '```', '');
      if (e.doc !== '') out.push(e.doc, '');
      out.push(`Source: [${e.source}](../../${e.source})`, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function renderIndex(pkgs: readonly PackageInfo[], counts: ReadonlyMap<string, number>): string {
  const rows = pkgs.map((p) => `| [${p.name}](${p.dir}.md) | ${counts.get(p.dir) ?? 0} |`);
  return [
    '# API reference',
    '',
    '<!-- Generated by `pnpm docs:api` (scripts/api-docs). Do not edit. -->',
    '',
    'Every export of each package, with its signature and doc comment, generated from the sources by the',
    'TypeScript compiler. Regenerate with `pnpm docs:api`; a test fails while these files are stale.',
    '',
    '| package | exports |',
    '| ------- | ------- |',
    ...rows,
    '',
  ].join('\n');
}

/** The files of docs/api/ (`README.md` and `<package dir>.md`), by file name. */
export function renderApiDocs(root: string): Map<string, string> {
  const pkgs = packagesOf(root);
  const program = ts.createProgram(
    pkgs.map((p) => p.index),
    compilerOptions(root),
  );
  const checker = program.getTypeChecker();
  const files = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const pkg of pkgs) {
    const sf = program.getSourceFile(pkg.index);
    const moduleSymbol = sf === undefined ? undefined : checker.getSymbolAtLocation(sf);
    if (moduleSymbol === undefined) throw new Error(`cannot read the exports of ${pkg.index}`);
    const entries = checker
      .getExportsOfModule(moduleSymbol)
      .map((s) => entryOf(checker, s, root))
      .filter((e): e is Entry => e !== undefined)
      .sort((a, b) => byName(a.name.toLowerCase(), b.name.toLowerCase()) || byName(a.name, b.name));
    counts.set(pkg.dir, entries.length);
    files.set(`${pkg.dir}.md`, renderPackage(pkg, entries, root));
  }
  files.set('README.md', renderIndex(pkgs, counts));
  return files;
}
