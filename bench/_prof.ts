import { setAutoFreeze } from 'immer';
setAutoFreeze(false);
await import('./profile-seeds.ts');
