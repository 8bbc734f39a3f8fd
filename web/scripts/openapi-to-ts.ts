/**
 * A small OpenAPI 3.0 → TypeScript generator for the UI's typed client: one entry per operation with its
 * path parameters, query, JSON body and 200 response, plus the shared error body. It covers the JSON Schema
 * the API's routes use (objects, arrays, enums, nullable, anyOf, additionalProperties); anything else is
 * `unknown`, which the compiler then forces the UI to narrow.
 */

interface Schema {
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  description?: string;
}

interface Parameter {
  in: 'query' | 'path' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  description?: string;
  schema: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  summary?: string;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (name: string) => (IDENTIFIER.test(name) ? name : `'${name.replaceAll("'", "\\'")}'`);
const doc = (text: string | undefined, indent: string) =>
  text ? `${indent}/** ${text.replaceAll('*/', '*\\/').replaceAll('\n', ' ')} */\n` : '';

function literal(value: unknown): string {
  return value === null
    ? 'null'
    : typeof value === 'string'
      ? `'${value.replaceAll("'", "\\'")}'`
      : String(value);
}

export function schemaToTs(schema: Schema | undefined, indent = ''): string {
  if (!schema) return 'unknown';
  const nullable = (ts: string) => (schema.nullable && ts !== 'null' ? `${ts} | null` : ts);
  if (schema.enum) return nullable([...new Set(schema.enum.map(literal))].join(' | '));
  const variants = schema.anyOf ?? schema.oneOf;
  // A typed schema whose anyOf only refines formats (e.g. date or date-time) keeps its type.
  if (variants && !schema.type) return nullable(variants.map((v) => schemaToTs(v, indent)).join(' | '));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return schema.properties ? nullable(objectToTs(schema, indent)) : 'unknown';
  return nullable(types.map((type) => typeToTs(type, schema, indent)).join(' | '));
}

function typeToTs(type: string, schema: Schema, indent: string): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `Array<${schemaToTs(schema.items, indent)}>`;
    case 'object':
      return objectToTs(schema, indent);
    default:
      return 'unknown';
  }
}

function objectToTs(schema: Schema, indent: string): string {
  const inner = `${indent}  `;
  const required = new Set(schema.required ?? []);
  const members = Object.entries(schema.properties ?? {}).map(
    ([name, property]) =>
      `${doc(property.description, inner)}${inner}${key(name)}${required.has(name) ? '' : '?'}: ${schemaToTs(property, inner)};`,
  );
  const extra = schema.additionalProperties;
  if (extra && typeof extra === 'object') members.push(`${inner}[key: string]: ${schemaToTs(extra, inner)};`);
  if (members.length === 0) return 'Record<string, unknown>';
  return `{\n${members.join('\n')}\n${indent}}`;
}

function parametersToTs(parameters: Parameter[], where: Parameter['in'], indent: string): string {
  const own = parameters.filter((p) => p.in === where);
  if (own.length === 0) return 'never';
  const inner = `${indent}  `;
  const members = own.map(
    (p) =>
      `${doc(p.description, inner)}${inner}${key(p.name)}${p.required ? '' : '?'}: ${schemaToTs(p.schema, inner)};`,
  );
  return `{\n${members.join('\n')}\n${indent}}`;
}

function contentSchema(content: Record<string, { schema: Schema }> | undefined): Schema | undefined {
  return content?.['application/json']?.schema ?? Object.values(content ?? {})[0]?.schema;
}

/** The generated module's text (unformatted; the caller runs the project's formatter over it). */
export function openApiToTs(document: OpenApiDocument): string {
  const entries: string[] = [];
  let errorBody: Schema | undefined;
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const params = operation.parameters ?? [];
      const body = contentSchema(operation.requestBody?.content);
      const ok = contentSchema(operation.responses['200']?.content);
      errorBody ??= contentSchema(operation.responses['4XX']?.content);
      entries.push(
        `${doc(operation.summary, '  ')}  '${method.toUpperCase()} ${path}': {\n` +
          `    path: ${parametersToTs(params, 'path', '    ')};\n` +
          `    query: ${parametersToTs(params, 'query', '    ')};\n` +
          `    body: ${body ? schemaToTs(body, '    ') : 'never'};\n` +
          `    response: ${schemaToTs(ok, '    ')};\n` +
          '  };',
      );
    }
  }
  return [
    "// Generated by `npm run web:client` from the API's OpenAPI document (GET /openapi.json). Do not edit:",
    '// change the route schemas in src/api and regenerate; a test fails when this file is out of date.',
    '',
    '/** Every API operation by "METHOD /path": path parameters, query, JSON body and the 200 response. */',
    `export interface Operations {\n${entries.join('\n')}\n}`,
    '',
    '/** The body of every failure, whatever the status. */',
    `export type ErrorBody = ${schemaToTs(errorBody)};`,
    '',
  ].join('\n');
}
