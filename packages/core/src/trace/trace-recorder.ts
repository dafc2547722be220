import type { StageTrace } from './stage-trace.js';

/** Dispatched once per stage attempt, when it ends (successfully or not). */
export class StageTraceEvent extends Event {
  readonly trace: Readonly<StageTrace>;

  constructor(trace: StageTrace) {
    super('stage');
    this.trace = Object.freeze({ ...trace });
  }
}

/** Dispatched when a streaming stage produces a partial output. */
export class StagePartialEvent extends Event {
  constructor(
    readonly stage: string,
    readonly partial: unknown,
  ) {
    super('partial');
  }
}

/** The JSON a recorder exports: a run is a list of stage attempts in order. */
export interface TraceExport {
  readonly traceId: string;
  readonly name: string;
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly stages: readonly StageTrace[];
  readonly totals: {
    readonly runMs: number;
    readonly bytesIn: number;
    readonly bytesSentOffDevice: number;
    readonly estimatedCostUsd: number;
  };
}

interface TraceEventMap {
  stage: StageTraceEvent;
  partial: StagePartialEvent;
}

let traceCounter = 0;

function newTraceId(): string {
  traceCounter += 1;
  const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(16)}-${traceCounter}`;
  return random.replaceAll('-', '').slice(0, 32).padEnd(32, '0');
}

/**
 * Collects stage traces for one pipeline run and re-emits them as events, so a UI or an exporter
 * subscribes with `addEventListener('stage', …)` exactly as it would to a DOM object.
 */
export class TraceRecorder extends EventTarget {
  readonly traceId: string;
  readonly name: string;
  readonly startedAt: number;
  #endedAt: number | undefined;
  readonly #stages: StageTrace[] = [];

  constructor(name = 'pipeline', options: { traceId?: string; now?: () => number } = {}) {
    super();
    this.name = name;
    this.traceId = options.traceId ?? newTraceId();
    this.startedAt = (options.now ?? Date.now)();
  }

  override addEventListener<K extends keyof TraceEventMap>(
    type: K,
    listener: ((event: TraceEventMap[K]) => void) | EventListenerObject | null,
    options?: AddEventListenerOptions | boolean,
  ): void {
    super.addEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
  }

  record(trace: StageTrace): void {
    this.#stages.push({ ...trace });
    this.dispatchEvent(new StageTraceEvent(trace));
  }

  partial(stage: string, partial: unknown): void {
    this.dispatchEvent(new StagePartialEvent(stage, partial));
  }

  end(at: number = Date.now()): void {
    this.#endedAt ??= at;
  }

  get stages(): readonly StageTrace[] {
    return this.#stages.map((s) => ({ ...s }));
  }

  toJSON(): TraceExport {
    const totals = { runMs: 0, bytesIn: 0, bytesSentOffDevice: 0, estimatedCostUsd: 0 };
    for (const s of this.#stages) {
      totals.runMs += s.runMs;
      totals.bytesSentOffDevice += s.bytesSentOffDevice;
      totals.estimatedCostUsd += s.estimatedCostUsd ?? 0;
    }
    totals.bytesIn = this.#stages[0]?.bytesIn ?? 0;
    return {
      traceId: this.traceId,
      name: this.name,
      startedAt: this.startedAt,
      ...(this.#endedAt === undefined ? {} : { endedAt: this.#endedAt }),
      stages: this.stages,
      totals,
    };
  }

  /** JSON text of {@link toJSON}, ready to download or post. */
  exportJSON(space?: number): string {
    return JSON.stringify(this.toJSON(), null, space);
  }
}
