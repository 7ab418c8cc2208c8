/**
 * Validation against OpenAI's official OpenAPI schemas (test/fixtures/openai-openapi), with ajv (JSON Schema 2020-12).
 * The spec keeps OpenAPI 3.0 `nullable: true`; it is converted in memory the standard 3.0 → 3.1 way.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

function convertNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convertNullable);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = convertNullable(v);
  if (out.nullable !== true) return out;
  delete out.nullable;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  if (Array.isArray(out.type)) {
    if (!out.type.includes('null')) out.type = [...out.type, 'null'];
    return out;
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(out[key])) {
      out[key] = [...(out[key] as unknown[]), { type: 'null' }];
      return out;
    }
  }
  return { anyOf: [out, { type: 'null' }] };
}

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/openai-openapi/schemas.json');
// a CommonJS module: its class is the default export's `default` under Node's ESM interop
const Ajv2020 = ((Ajv2020Module as unknown as { default?: typeof Ajv2020Module.default }).default ?? Ajv2020Module) as typeof Ajv2020Module.default;
let ajv: InstanceType<typeof Ajv2020> | undefined;

function compiler(): InstanceType<typeof Ajv2020> {
  if (ajv) return ajv;
  const doc = convertNullable(JSON.parse(readFileSync(file, 'utf8'))) as Json;
  const a = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  (addFormats as unknown as (a: unknown) => void)(a);
  a.addFormat('unixtime', true);
  a.addSchema({ ...doc, $id: 'openai' });
  ajv = a;
  return a;
}

/** The ajv errors of `data` against `components.schemas[name]`, or an empty list when it conforms. */
export function openapiErrors(name: string, data: unknown): string[] {
  const validate = compiler().getSchema(`openai#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e: { instancePath: string; message?: string; params: unknown }) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

let eventSchemas: Map<string, string> | undefined;

/** A Responses stream event's errors, against the event schema its `type` names (not the whole anyOf). */
export function responseEventErrors(event: { type: string }): string[] {
  if (!eventSchemas) {
    const schemas = (JSON.parse(readFileSync(file, 'utf8')) as { components: { schemas: Record<string, Json> } }).components.schemas;
    eventSchemas = new Map();
    for (const { $ref } of (schemas.ResponseStreamEvent?.anyOf ?? []) as Array<{ $ref: string }>) {
      const name = $ref.split('/').pop() ?? '';
      const type = (schemas[name]?.properties as Record<string, { enum?: string[] }> | undefined)?.type?.enum?.[0];
      if (type) eventSchemas.set(type, name);
    }
  }
  const name = eventSchemas.get(event.type);
  return name ? openapiErrors(name, event) : [`no event schema for type ${event.type}`];
}
