/**
 * Measured backend choice. WASM often beats WebGPU for small models (and always beats a software
 * WebGPU adapter), so on the first load of a model on a device we time a warm-up per candidate
 * backend, keep the fastest one whose numbers agree with the reference backend, and remember it
 * per model version and device fingerprint. The measurements go into the report for the trace.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';

export interface BackendMeasurement {
  backend: string;
  /** Opening the model on this backend (fetch excluded when the bytes were already in memory). */
  loadMs: number;
  /** The first run, which pays shader compilation / JIT. */
  firstRunMs: number;
  /** Median of the timed runs after the first. */
  medianMs: number;
  runs: number;
  /** Largest absolute difference to the reference backend's output, when compared. */
  maxAbsDiff?: number;
  /** False when the output disagreed with the reference beyond the tolerance: never chosen. */
  agrees: boolean;
  /** Set when the backend failed to open or run. */
  error?: string;
}

export interface BackendChoice {
  backend: string;
  /** True when taken from the store rather than measured now. */
  fromCache: boolean;
  key: string;
  reason: string;
  measurements: BackendMeasurement[];
  decidedAt: number;
}

/** The three-method cache interface the choice is kept behind (IndexedDB by default). */
export interface ChoiceStore {
  get(key: string): Promise<BackendChoice | undefined>;
  set(key: string, value: BackendChoice): Promise<void>;
}

let defaultIdbStore: UseStore | undefined;

/** IndexedDB through idb-keyval: works in the page and in workers, created on first use. */
export function indexedDbChoiceStore(store?: UseStore): ChoiceStore {
  const use = () => store ?? (defaultIdbStore ??= createStore('tandem-backend-choice', 'choices'));
  // async: where there is no IndexedDB (Node, some private modes) idb-keyval throws synchronously,
  // and chooseBackend treats a failing store as an empty one only when it rejects.
  return {
    get: async (key) => get<BackendChoice>(key, use()),
    set: async (key, value) => set(key, value, use()),
  };
}

export interface TrialResult {
  loadMs: number;
  /** Every run's duration in order; the first is the warm-up. */
  timesMs: number[];
  /** A numeric fingerprint of the output (e.g. the probabilities), compared across backends. */
  output: ArrayLike<number>;
}

export interface ChooseBackendOptions {
  modelId: string;
  modelVersion: string;
  fingerprint: string;
  /** Backends this device may run, in the engine's priority order. */
  candidates: readonly string[];
  /** Opens the model on `backend` and runs the same warm-up input `runs` times. */
  trial(backend: string): Promise<TrialResult>;
  /** The backend whose numbers are trusted (default 'wasm' when a candidate, else the first). */
  reference?: string;
  /** Largest absolute output difference still counted as agreement. Default 1e-3. */
  tolerance?: number;
  store?: ChoiceStore;
  /** Measure again even when a choice is stored. */
  remeasure?: boolean;
}

/**
 * Runs `run` `runs` times in a row and times each: the body of every engine's `trial` (the
 * first run is the warm-up `chooseBackend` reports apart). Returns the last run's output.
 */
export async function timeRuns(runs: number, run: () => Promise<ArrayLike<number>>): Promise<Pick<TrialResult, 'timesMs' | 'output'>> {
  const timesMs: number[] = [];
  let output: ArrayLike<number> = new Float32Array(0);
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    output = await run();
    timesMs.push(performance.now() - started);
  }
  return { timesMs, output };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return Number.isNaN(max) ? Number.POSITIVE_INFINITY : max;
}

export function choiceKey(options: Pick<ChooseBackendOptions, 'modelId' | 'modelVersion' | 'fingerprint' | 'candidates'>): string {
  return [options.modelId, options.modelVersion, options.fingerprint, options.candidates.join(',')].join('#');
}

export async function chooseBackend(options: ChooseBackendOptions): Promise<BackendChoice> {
  const store = options.store ?? indexedDbChoiceStore();
  const key = choiceKey(options);
  if (!options.remeasure) {
    const stored = await store.get(key).catch(() => undefined);
    if (stored) return { ...stored, fromCache: true };
  }
  const tolerance = options.tolerance ?? 1e-3;
  const reference = options.reference ?? (options.candidates.includes('wasm') ? 'wasm' : options.candidates[0]);
  // Reference first, so every other backend can be compared against it as it is measured.
  const order = [...options.candidates].sort((a, b) => Number(b === reference) - Number(a === reference));
  const measurements: BackendMeasurement[] = [];
  let referenceOutput: ArrayLike<number> | undefined;
  for (const backend of order) {
    try {
      const trial = await options.trial(backend);
      const [first = Number.NaN, ...rest] = trial.timesMs;
      const measurement: BackendMeasurement = {
        backend,
        loadMs: trial.loadMs,
        firstRunMs: first,
        medianMs: rest.length ? median(rest) : first,
        runs: trial.timesMs.length,
        agrees: true,
      };
      if (backend === reference) referenceOutput = trial.output;
      else if (referenceOutput) {
        measurement.maxAbsDiff = maxAbsDiff(trial.output, referenceOutput);
        measurement.agrees = measurement.maxAbsDiff <= tolerance;
      }
      measurements.push(measurement);
    } catch (error) {
      measurements.push({
        backend, loadMs: 0, firstRunMs: Number.NaN, medianMs: Number.NaN, runs: 0, agrees: false,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  const usable = measurements.filter((m) => !m.error && m.agrees).sort((a, b) => a.medianMs - b.medianMs);
  const fastest = [...measurements].filter((m) => !m.error).sort((a, b) => a.medianMs - b.medianMs)[0];
  const winner = usable[0];
  if (!winner) throw new Error(`no backend of ${options.modelId} ran: ${measurements.map((m) => `${m.backend}: ${m.error ?? 'disagreed'}`).join('; ')}`);
  const reason =
    fastest && fastest.backend !== winner.backend
      ? `${winner.backend} (${winner.medianMs.toFixed(2)} ms); faster ${fastest.backend} (${fastest.medianMs.toFixed(2)} ms) disagreed with ${reference} by ${fastest.maxAbsDiff?.toExponential(2)}`
      : `${winner.backend} was fastest (${winner.medianMs.toFixed(2)} ms median)`;
  const choice: BackendChoice = { backend: winner.backend, fromCache: false, key, reason, measurements, decidedAt: Date.now() };
  await store.set(key, choice).catch(() => {});
  return choice;
}
