/** What the backend-choice benchmark page's worker offers (see e2e/bench/backend-choice.bench.ts). */
import type { BackendMeasurement } from '@tandem/worker';

export type FixedBackend = 'wasm' | 'webgpu';
/** The fixed backends, plus `auto`: a session on whatever `chooseBackend` picked. */
export type Variant = FixedBackend | 'auto';

export interface SetupRequest {
  modelUrl: string;
  backends: FixedBackend[];
  /** Runs per backend inside `chooseBackend`'s trial (the first is its warm-up). */
  trialRuns: number;
}

export interface SetupResult {
  chosen: string;
  reason: string;
  /** How long the choice took (every candidate opened and timed once). */
  choiceMs: number;
  measurements: BackendMeasurement[];
  threads: number;
}

export interface BackendChoiceWorkerApi {
  setup(request: SetupRequest): Promise<SetupResult>;
  /** Runs `frames` Silero frames in order (state carried) on a variant; returns ms per frame. */
  runChunk(variant: Variant, frames: number): Promise<number>;
}
