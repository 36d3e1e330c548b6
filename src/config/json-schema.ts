import { z } from 'zod';
import { processOutcome, processRequest } from '../clients/process/protocol.js';
import { matrix, scenario } from './schema.js';

type JsonObject = { [key: string]: unknown };

/** JSON Schemas of the file formats, for editors (`# yaml-language-server: $schema=...`). */
export function jsonSchemas(): Record<'scenario' | 'matrix' | 'process-client', JsonObject> {
  return {
    scenario: withStepKeys(z.toJSONSchema(scenario, { io: 'input', unrepresentable: 'any' })),
    matrix: z.toJSONSchema(matrix, { io: 'input', unrepresentable: 'any' }),
    'process-client': processClientSchema(),
  };
}

/** The process client protocol: one request line in, one outcome line out (README, "Clients in any language"). */
function processClientSchema(): JsonObject {
  const { $schema, ...request } = z.toJSONSchema(processRequest);
  const { $schema: _, ...outcome } = z.toJSONSchema(processOutcome, { io: 'input' });
  return {
    $schema,
    title: 'compatlab process client protocol',
    description: 'compatlab writes one request per line on the program stdin and reads one outcome per line from its stdout.',
    $defs: { request, outcome },
  };
}

/** In files a step's kind is the key that names it (`- restart:`); the `kind` field is internal. */
function withStepKeys(schema: JsonObject): JsonObject {
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const object = node as JsonObject & { properties?: Record<string, { const?: string }>; required?: string[] };
    const kind = object.properties?.kind?.const;
    if (kind !== undefined && object.properties) {
      delete object.properties.kind;
      object.required = [...(object.required ?? []).filter((k) => k !== 'kind' && k !== kind), kind];
    }
    Object.values(object).forEach(visit);
  };
  visit(schema);
  return schema;
}
