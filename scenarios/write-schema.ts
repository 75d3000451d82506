// `npm run schema`: writes scenarios/scenario.schema.json from the zod schema (a test checks the committed file is current).
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from './schema.ts';

export const SCHEMA_PATH = new URL('./scenario.schema.json', import.meta.url);

export function schemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] !== undefined && import.meta.url.endsWith('/write-schema.ts') && process.argv[1].endsWith('write-schema.ts')) {
  writeFileSync(SCHEMA_PATH, schemaText());
  console.log(`wrote ${SCHEMA_PATH.pathname}`);
}
