import { mkdir, writeFile } from 'node:fs/promises';
import { jsonSchemas } from './json-schema.js';

await mkdir('schema', { recursive: true });
for (const [name, schema] of Object.entries(jsonSchemas())) {
  await writeFile(`schema/${name}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schema/${name}.schema.json`);
}
