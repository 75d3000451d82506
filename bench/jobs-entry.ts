// What bench/fuzz-jobs.ts needs from the campaign code, as one entry for bench/jobs-shipped.ts to bundle beside
// scenarios/worker.ts (the pool then starts the bundle's worker.js, as dist/ does).
export { THREADS, WorkerPool } from '../scenarios/pool.ts';
export { startCampaign } from '../scenarios/fuzz-campaign.ts';
export { registeredProtocols } from '../scenarios/registry.ts';
