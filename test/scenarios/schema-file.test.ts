// The committed JSON Schema for scenario files is what the zod schema generates (regenerate with `npm run schema`).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { SCHEMA_PATH, schemaText } from '../../scenarios/write-schema.ts';

describe('scenarios/scenario.schema.json', () => {
  it('equals the generator output', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(schemaText());
  });
});
