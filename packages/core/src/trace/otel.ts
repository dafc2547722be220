import type { StageTrace } from './stage-trace.js';
import type { TraceExport } from './trace-recorder.js';

export type OtelAttributeValue = string | number | boolean;

/**
 * A span in the shape of OpenTelemetry's `ReadableSpan` essentials, without depending on the SDK:
 * an exporter can hand these to `tracer.startSpan(name, { attributes, startTime })`.
 */
export interface OtelSpan {
  readonly name: string;
  readonly traceId: string;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: Readonly<Record<string, OtelAttributeValue>>;
  readonly status: { readonly code: 'OK' | 'ERROR'; readonly message?: string };
}

/**
 * The documented mapping from a stage trace to span attributes (see the package README).
 * Tandem-specific facts use the `tandem.` namespace; the model id also fills the GenAI semantic
 * convention `gen_ai.request.model` so generic dashboards pick it up.
 */
export function toOtelAttributes(trace: StageTrace): Record<string, OtelAttributeValue> {
  const a: Record<string, OtelAttributeValue> = {
    'tandem.stage.name': trace.stage,
    'tandem.placement': trace.placement,
    'tandem.backend': trace.backend,
    'tandem.duration.run_ms': trace.runMs,
    'tandem.bytes.in': trace.bytesIn,
    'tandem.bytes.sent_off_device': trace.bytesSentOffDevice,
  };
  const optional: [string, OtelAttributeValue | undefined][] = [
    ['tandem.model.id', trace.modelId],
    ['gen_ai.request.model', trace.modelId],
    ['tandem.model.version', trace.modelVersion],
    ['tandem.model.cache_hit', trace.cacheHit],
    ['tandem.duration.load_ms', trace.loadMs],
    ['tandem.duration.compile_ms', trace.compileMs],
    ['tandem.cost.estimated_usd', trace.estimatedCostUsd],
    ['tandem.fallback_from', trace.fallbackFrom],
    ['tandem.label.input', trace.inputLabel],
    ['tandem.label.output', trace.outputLabel],
    ['tandem.partials', trace.partials],
    ['tandem.decision.id', trace.decisionId],
    ['tandem.deferred', trace.deferred],
    ['tandem.segment.index', trace.segment],
    ['tandem.chunk.index', trace.chunk],
    ['error.type', trace.error?.code ?? trace.error?.name],
  ];
  for (const [key, value] of optional) if (value !== undefined) a[key] = value;
  for (const [key, value] of Object.entries(trace.params ?? {})) a[`tandem.param.${key}`] = value;
  return a;
}

const nanos = (ms: number): string => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

/** One span per stage attempt, all in the run's trace. */
export function toOtelSpans(run: TraceExport): OtelSpan[] {
  return run.stages.map((s) => ({
    name: `tandem.stage ${s.stage}`,
    traceId: run.traceId,
    startTimeUnixNano: nanos(s.startedAt),
    endTimeUnixNano: nanos(s.endedAt),
    attributes: { ...toOtelAttributes(s), 'tandem.pipeline.name': run.name },
    status: s.error === undefined ? { code: 'OK' } : { code: 'ERROR', message: s.error.message },
  }));
}
