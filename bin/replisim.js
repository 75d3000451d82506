#!/usr/bin/env node
// `replisim`: runs the compiled CLI (dist/cli.js, built by `npm ci` / `npm run build`), or the sources through tsx when
// dist/ is missing or older than them. Fastest start: `node bin/replisim.js ...` or `./node_modules/.bin/replisim ...`
// (`npx replisim` adds npm's own start-up, about 0.3 s). SIGINT / SIGTERM are handled here (see launch.js).
import { installSignalHandlers, loadEntry } from './launch.js';

installSignalHandlers();
const { main } = await loadEntry('cli', 'scenarios/cli.ts');
process.exitCode = await main(process.argv.slice(2));
