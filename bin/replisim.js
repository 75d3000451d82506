#!/usr/bin/env node
// ESM shim behind `npx replisim`: registers tsx in this process, then runs scenarios/cli.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import(new URL('../scenarios/cli.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
