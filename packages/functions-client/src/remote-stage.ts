import { defineStage, type LocalImplementation, type ParamsSchema, type RemoteRequest, type Stage } from '@tandem/core';
import { checkRoutePath, type RouteContract } from '@tandem/wire';
import { internalsOf, type FunctionsClient } from './functions-client.js';
import { payloadWithParams } from './remote-transport.js';
import type { TranslateClient } from './translate-client.js';

export interface RemoteStageSpec<I extends object, O, In, Out> extends RouteContract<I, O> {
  /** The client whose retries, breaker and offline queue the stage's calls go through. */
  readonly client: FunctionsClient | TranslateClient;
  readonly name: string;
  /** Where the function runs (e.g. `eu`); checked against the policy's residency rules. */
  readonly region: string;
  /**
   * The full URL the stage sends to; default `{client.endpoint}{route}`. Its host must be one of
   * the client's origins (EndpointNotAllowedError otherwise, here and at every send).
   */
  readonly endpoint?: string;
  /** Queue the request while the function is unreachable and let the router defer the stage. */
  readonly deferrable?: boolean;
  /** The route's input from the stage's input and the run's params; default `{ ...params, ...payload }`. */
  readonly toInput?: (payload: In, params: RemoteRequest['params']) => I;
  /** The stage's output from the route's answer; default the answer itself. */
  readonly fromOutput?: (output: O, payload: In) => Out;
  /** The same work on the device, for fallback and device-first policies. */
  readonly local?: LocalImplementation<In, Out>;
  readonly params?: ParamsSchema<unknown>;
  readonly costPerCallUsd?: number;
  readonly estimatedLatencyMs?: number;
}

/**
 * A pipeline stage served by a function route (`defineFunction` on the other side), reachable
 * only through core's privacy boundary: its input must be sanitized or public, the residency
 * rule checks its endpoint and region, and the client's transport (`createFunctionsTransport`)
 * sends it there with timeouts, retries, the breaker and, when `deferrable`, the offline queue.
 * The input is checked against the route's schema before anything leaves the device.
 */
export function remoteStage<I extends object, O, In = I, Out = O>(spec: RemoteStageSpec<I, O, In, Out>): Stage<In, Out, 'sanitized'> {
  checkRoutePath(spec.route);
  const inner = internalsOf(spec.client);
  const endpoint = spec.endpoint ?? inner.urlOf(spec.route);
  inner.checkEndpoint(endpoint);
  const { toInput, fromOutput } = spec;
  inner.bind(endpoint, {
    target: { url: endpoint, contract: spec as RouteContract<object, unknown> },
    toInput: (r) => (toInput ? toInput(r.payload as In, r.params) : payloadWithParams(r)),
    fromOutput: (output, r) => (fromOutput ? fromOutput(output as O, r.payload as In) : output),
    whenUnavailable: 'throw',
    queueable: spec.deferrable === true,
  });
  return defineStage<In, Out, 'sanitized', unknown, unknown>({
    name: spec.name,
    outputLabel: 'sanitized',
    ...(spec.local ? { local: spec.local } : {}),
    ...(spec.params ? { params: spec.params } : {}),
    remote: {
      endpoint,
      region: spec.region,
      ...(spec.deferrable ? { deferrable: true } : {}),
      ...(spec.costPerCallUsd === undefined ? {} : { costPerCallUsd: spec.costPerCallUsd }),
      ...(spec.estimatedLatencyMs === undefined ? {} : { estimatedLatencyMs: spec.estimatedLatencyMs }),
    },
  });
}
