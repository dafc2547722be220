export { startNodeServer, socketAddress, type NodeFunctionServer, type NodeServerOptions } from './node/server.js';
export { openStateDirectory, type StateDirectory, type StateDirectoryOptions } from './node/state-directory.js';
export { createDirectoryRateLimiter, createDirectoryIdempotencyRecords, createDirectoryIdempotencyStore } from './node/state-directory-stores.js';
export { stateOptionsFromEnv } from './node/state-from-env.js';
export { startApertiumApy, apertiumApyAnswers, stopChild, DEFAULT_MODES_DIR, type ApertiumApyExit, type ApertiumApyProcess, type StartApertiumApyOptions } from './node/apertium-apy-process.js';
export { superviseApertiumApy, type RestartBackoff, type SupervisedApertiumApy, type SuperviseApertiumApyOptions, type SupervisorEvent, type Watchdog } from './node/apertium-apy-supervisor.js';
export { createApertiumCliProvider } from './node/apertium-cli.js';
export { main } from './node/main.js';
