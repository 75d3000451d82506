#!/usr/bin/env node
// `npm start`: the main job (scenarios/main.ts), compiled when dist/ is current, else through tsx (see launch.js).
import { installSignalHandlers, loadEntry } from './launch.js';

installSignalHandlers();
await loadEntry('main', 'scenarios/main.ts');
