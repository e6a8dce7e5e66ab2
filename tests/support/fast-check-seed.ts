import fc from 'fast-check'

// Generated inputs are the same on every run of `npm test`, so a red build can be replayed and CI never
// turns red by chance. `FC_SEED=random` explores new inputs; `FC_SEED=<number>` replays a reported run.
const requested = process.env.FC_SEED
const FIXED_SEED = 20_261_123

if (requested !== 'random') fc.configureGlobal({ seed: requested ? Number(requested) : FIXED_SEED })
