import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
// A development-time generator (bin/generate-schemas): the emulator itself only reads its output.
// eslint-disable-next-line @backstage/no-undeclared-imports
import ts from 'typescript';
import { defaultDefinitions } from '../../resources/ResourceRegistry';
import type { OpenApiSchema } from '../types';
import { refineFromValidator, type CompiledValidator } from './refineFromValidator';

/**
 * Writes `src/schemas/generated/*.json`: the OpenAPI schemas of every stored kind the emulator serves, taken from
 * the maintained `kubernetes-models` family (generated from the upstream Kubernetes OpenAPI document and the
 * upstream CRDs). Property names, required fields, enums and descriptions come from their type declarations;
 * integer/number and formats from their compiled validators. Core kinds become `components.schemas` with `$ref`s
 * (as the API server publishes them); custom resources become self-contained `openAPIV3Schema`s (as CRDs carry
 * them). Run with `npm run schemas:generate -w @gsv/devcluster` after upgrading one of those packages.
 */

// A development script run from source inside this repository (bin/generate-schemas).
// eslint-disable-next-line no-restricted-syntax
const PACKAGE_ROOT = join(__dirname, '..', '..', '..');
const OUTPUT = join(PACKAGE_ROOT, 'src', 'schemas', 'generated');

/** Where the models of a group live: package and folder. Groups missing here have no published models. */
const MODEL_SOURCES: Record<string, { module: string; folder: string }> = {
  '': { module: 'kubernetes-models', folder: 'v1' },
  'cert-manager.io': { module: '@kubernetes-models/cert-manager', folder: 'cert-manager.io/{version}' },
  'argoproj.io': { module: '@kubernetes-models/argo-cd', folder: 'argoproj.io/{version}' },
  'external-secrets.io': { module: '@kubernetes-models/external-secrets', folder: 'external-secrets.io/{version}' },
};

function sourceOf(group: string, version: string): { module: string; folder: string } {
  const source = MODEL_SOURCES[group] ?? { module: 'kubernetes-models', folder: `${group}/{version}` };
  return { module: source.module, folder: source.folder.replace('{version}', version) };
}

function packageDirectory(module: string): string {
  return dirname(require.resolve(`${module}/package.json`, { paths: [PACKAGE_ROOT] }));
}

interface KindEntry {
  group: string;
  version: string;
  kind: string;
  file: string;
  module: string;
}

function servedKinds(): KindEntry[] {
  const seen = new Set<string>();
  const entries: KindEntry[] = [];
  for (const definition of defaultDefinitions()) {
    const key = `${definition.group}/${definition.version}/${definition.kind}`;
    if (seen.has(key) || (definition.virtual && !definition.alias)) continue;
    seen.add(key);
    const source = sourceOf(definition.group, definition.version);
    let directory: string;
    try {
      directory = packageDirectory(source.module);
    } catch {
      continue;
    }
    const file = join(directory, source.folder, `${definition.kind}.d.ts`);
    if (!ts.sys.fileExists(file)) continue;
    entries.push({ group: definition.group, version: definition.version, kind: definition.kind, file, module: source.module });
  }
  return entries;
}

/** Packages without a version segment, whose definitions the version rule below cannot split. */
const UNVERSIONED_PACKAGES: Record<string, string> = {
  IoK8sApimachineryPkgRuntime: 'io.k8s.apimachinery.pkg.runtime',
  IoK8sApimachineryPkgApiResource: 'io.k8s.apimachinery.pkg.api.resource',
  IoK8sApimachineryPkgUtilIntstr: 'io.k8s.apimachinery.pkg.util.intstr',
};

/** `IoK8sApiAppsV1DeploymentSpec` → `io.k8s.api.apps.v1.DeploymentSpec` (the upstream definition name). */
export function upstreamName(camelName: string): string {
  for (const [prefix, name] of Object.entries(UNVERSIONED_PACKAGES)) {
    if (camelName.startsWith(prefix) && /^[A-Z]/.test(camelName.slice(prefix.length))) return `${name}.${camelName.slice(prefix.length)}`;
  }
  const match = /^(.*?)(V\d+(?:alpha\d+|beta\d+)?)([A-Z].*)$/.exec(camelName);
  if (!match) return camelName;
  const prefix = match[1].replace(/([a-z0-9])([A-Z])/g, '$1.$2').toLowerCase();
  return `${prefix}.${match[2].toLowerCase()}.${match[3]}`;
}

class SchemaBuilder {
  readonly components: Record<string, OpenApiSchema> = {};
  private readonly validators = new Map<string, CompiledValidator | undefined>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly inline: boolean,
    private readonly schemaDirectory: string,
  ) {}

  async schemaOfType(type: ts.Type, stack: string[] = []): Promise<OpenApiSchema> {
    const flags = type.getFlags();
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { 'x-kubernetes-preserve-unknown-fields': true };
    if (type.isUnion()) return this.schemaOfUnion(type, stack);
    if (flags & ts.TypeFlags.StringLike) return type.isStringLiteral() ? { type: 'string', enum: [type.value] } : { type: 'string' };
    if (flags & ts.TypeFlags.NumberLike) return { type: 'number' };
    if (flags & ts.TypeFlags.BooleanLike) return { type: 'boolean' };
    if (this.checker.isArrayType(type)) {
      const [element] = this.checker.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: await this.schemaOfType(element, stack) };
    }
    const indexType = type.getStringIndexType();
    if (indexType && type.getProperties().length === 0) {
      const values = await this.schemaOfType(indexType, stack);
      return values['x-kubernetes-preserve-unknown-fields'] ? { type: 'object', ...values } : { type: 'object', additionalProperties: values };
    }
    return this.schemaOfObject(type, stack);
  }

  private async schemaOfUnion(type: ts.UnionType, stack: string[]): Promise<OpenApiSchema> {
    const members = type.types.filter(member => !(member.getFlags() & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    if (members.length && members.every(member => member.isStringLiteral())) {
      return { type: 'string', enum: members.map(member => (member as ts.StringLiteralType).value) };
    }
    if (members.every(member => member.getFlags() & ts.TypeFlags.BooleanLike)) return { type: 'boolean' };
    const kinds = new Set(members.map(primitiveKindOf));
    if (kinds.has('number') && kinds.has('string') && !kinds.has('other')) return { 'x-kubernetes-int-or-string': true };
    if (members.length === 1) return this.schemaOfType(members[0], stack);
    return { 'x-kubernetes-preserve-unknown-fields': true };
  }

  private async schemaOfObject(type: ts.Type, stack: string[]): Promise<OpenApiSchema> {
    const camelName = definitionNameOf(type);
    const name = camelName ? upstreamName(camelName) : undefined;
    if (name && !this.inline) {
      if (!this.components[name]) {
        this.components[name] = {};
        this.components[name] = await this.objectBody(type, camelName!, stack);
      }
      return { $ref: `#/components/schemas/${name}` };
    }
    if (name && stack.includes(name)) return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    return this.objectBody(type, camelName, name ? [...stack, name] : stack);
  }

  private async objectBody(type: ts.Type, camelName: string | undefined, stack: string[]): Promise<OpenApiSchema> {
    const schema: OpenApiSchema = { type: 'object' };
    const description = describe(type.getSymbol(), this.checker);
    if (description) schema.description = description;
    const properties: Record<string, OpenApiSchema> = {};
    const required: string[] = [];
    for (const property of type.getProperties()) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (!declaration) continue;
      const propertyType = this.checker.getTypeOfSymbolAtLocation(property, declaration);
      const propertySchema = await this.schemaOfType(propertyType, stack);
      if ((property.name === 'apiVersion' || property.name === 'kind') && propertySchema.enum) delete propertySchema.enum;
      properties[property.name] = withDescription(propertySchema, describe(property, this.checker));
      if (!(property.flags & ts.SymbolFlags.Optional)) required.push(property.name);
    }
    if (Object.keys(properties).length) schema.properties = properties;
    else schema['x-kubernetes-preserve-unknown-fields'] = true;
    if (required.length) schema.required = required;
    if (camelName) await refineFromValidator(schema, await this.validatorOf(camelName));
    return schema;
  }

  private async validatorOf(camelName: string): Promise<CompiledValidator | undefined> {
    if (!this.validators.has(camelName)) {
      const file = join(this.schemaDirectory, `${camelName}.js`);
      const validator = ts.sys.fileExists(file) ? ((await import(file)) as { validate: CompiledValidator }).validate : undefined;
      this.validators.set(camelName, validator);
    }
    return this.validators.get(camelName);
  }
}

function primitiveKindOf(type: ts.Type): 'number' | 'string' | 'other' {
  if (type.getFlags() & ts.TypeFlags.NumberLike) return 'number';
  if (type.getFlags() & ts.TypeFlags.StringLike) return 'string';
  return 'other';
}

/** The camel-case definition name a model's interface is exported under (`IIoK8sApiAppsV1Deployment` → without `I`). */
function definitionNameOf(type: ts.Type): string | undefined {
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  const declaration = symbol?.declarations?.[0];
  if (!symbol || !declaration) return undefined;
  for (const statement of declaration.getSourceFile().statements) {
    if (!ts.isExportDeclaration(statement) || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    for (const element of statement.exportClause.elements) {
      if ((element.propertyName ?? element.name).text === symbol.name && element.name.text.startsWith('I')) return element.name.text.slice(1);
    }
  }
  return undefined;
}

/** A described reference is written `{description, allOf: [{$ref}]}`, as in the API server's documents. */
function withDescription(schema: OpenApiSchema, description: string | undefined): OpenApiSchema {
  if (!description) return schema;
  return schema.$ref ? { description, allOf: [schema] } : { description, ...schema };
}

function describe(symbol: ts.Symbol | undefined, checker: ts.TypeChecker): string | undefined {
  if (!symbol) return undefined;
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  return text || undefined;
}

function interfaceType(program: ts.Program, file: string, kind: string): ts.Type {
  const source = program.getSourceFile(file);
  const declaration = source?.statements.find((statement): statement is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(statement) && statement.name.text === `I${kind}`);
  if (!declaration) throw new Error(`no interface I${kind} in ${file}`);
  return program.getTypeChecker().getTypeAtLocation(declaration);
}

export async function generateSchemas(): Promise<void> {
  const kinds = servedKinds();
  const program = ts.createProgram(
    kinds.map(entry => entry.file),
    { noEmit: true, skipLibCheck: true, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, target: ts.ScriptTarget.ES2022 },
  );
  const checker = program.getTypeChecker();
  const core = new SchemaBuilder(checker, false, join(packageDirectory('kubernetes-models'), '_schemas'));
  const kubernetes: Record<string, { group: string; version: string; kind: string; ref: string }> = {};
  const custom: Record<string, Record<string, OpenApiSchema>> = {};
  for (const entry of kinds) {
    const type = interfaceType(program, entry.file, entry.kind);
    if (entry.module === 'kubernetes-models') {
      const reference = await core.schemaOfType(type);
      kubernetes[`${entry.group}/${entry.version}/${entry.kind}`] = { group: entry.group, version: entry.version, kind: entry.kind, ref: reference.$ref! };
    } else {
      const builder = new SchemaBuilder(checker, true, join(packageDirectory(entry.module), '_schemas'));
      const schema = await builder.schemaOfType(type);
      const metadata = schema.properties?.metadata;
      if (metadata) schema.properties!.metadata = { type: 'object', ...(metadata.description ? { description: metadata.description } : {}) };
      custom[entry.group] = { ...custom[entry.group], [`${entry.version}/${entry.kind}`]: schema };
    }
  }
  mkdirSync(OUTPUT, { recursive: true });
  writeFileSync(join(OUTPUT, 'kubernetes.json'), `${JSON.stringify({ kinds: kubernetes, schemas: core.components })}\n`);
  for (const [group, schemas] of Object.entries(custom)) {
    writeFileSync(join(OUTPUT, `${group}.json`), `${JSON.stringify(schemas)}\n`);
  }
  process.stdout.write(`${Object.keys(kubernetes).length} Kubernetes kinds (${Object.keys(core.components).length} definitions), ${Object.values(custom).reduce((sum, group) => sum + Object.keys(group).length, 0)} custom kinds\n`);
}
