/**
 * Engines register their backends here by priority (onnxruntime-web's `registerBackend` is the
 * model): opening a model tries each backend in order, caches each backend's one-time init,
 * records every failure, and throws one BackendUnavailableError listing all of them only when
 * none works. A caller can pin the order (a measured choice) or a single backend (tests).
 */
import { BackendUnavailableError, type BackendFailure, type DeviceCapabilities } from '@tandem/core';

export interface BackendProvider<M, S> {
  /** The backend's name as reports show it, e.g. 'webgpu', 'wasm', 'tfjs-cpu'. */
  readonly name: string;
  /** Higher is tried first. */
  readonly priority: number;
  /** Why this backend cannot run on this device, or undefined when it may. Cheap; no loading. */
  unavailableReason?(capabilities: DeviceCapabilities): string | undefined;
  /** One-time setup of the backend (device, WASM module); cached, including its failure. */
  init?(): Promise<void>;
  /** Opens `model` on this backend; must run on it or throw, never fall back silently. */
  open(model: M): Promise<S>;
}

export interface OpenOptions {
  /** Try only these backends, in this order (default: every registered one by priority). */
  backends?: readonly string[];
  /** Skips backends the device cannot run without trying them. */
  capabilities?: DeviceCapabilities;
}

export interface Opened<S> {
  session: S;
  backend: string;
  /** Backends tried before the one that worked, with why they failed. */
  failures: BackendFailure[];
}

export interface BackendRegistry<M, S> {
  readonly engine: string;
  register(provider: BackendProvider<M, S>): void;
  /** Registered backend names by priority, highest first. */
  names(): string[];
  /** Names of the backends this device may run (registered and not ruled out by capabilities). */
  candidates(capabilities: DeviceCapabilities): string[];
  open(model: M, options?: OpenOptions): Promise<Opened<S>>;
}

export function createBackendRegistry<M, S>(engine: string): BackendRegistry<M, S> {
  const providers: BackendProvider<M, S>[] = [];
  const inits = new Map<string, Promise<void>>();

  const ordered = () => [...providers].sort((a, b) => b.priority - a.priority);

  function initOnce(provider: BackendProvider<M, S>): Promise<void> {
    let init = inits.get(provider.name);
    if (!init) {
      init = provider.init ? provider.init() : Promise.resolve();
      inits.set(provider.name, init);
    }
    return init;
  }

  return {
    engine,
    register(provider) {
      const at = providers.findIndex((p) => p.name === provider.name);
      if (at >= 0) providers.splice(at, 1);
      providers.push(provider);
      inits.delete(provider.name);
    },
    names: () => ordered().map((p) => p.name),
    candidates: (capabilities) => ordered().filter((p) => !p.unavailableReason?.(capabilities)).map((p) => p.name),
    async open(model, options = {}) {
      const failures: BackendFailure[] = [];
      const byName = new Map(providers.map((p) => [p.name, p]));
      const order = options.backends ?? ordered().map((p) => p.name);
      for (const name of order) {
        const provider = byName.get(name);
        if (!provider) {
          failures.push({ backend: name, message: `not registered (registered: ${[...byName.keys()].join(', ') || 'none'})` });
          continue;
        }
        const ruledOut = options.capabilities && provider.unavailableReason?.(options.capabilities);
        if (ruledOut) {
          failures.push({ backend: name, message: ruledOut });
          continue;
        }
        try {
          await initOnce(provider);
          return { session: await provider.open(model), backend: name, failures };
        } catch (error) {
          failures.push({ backend: name, message: error instanceof Error ? error.message : String(error) });
        }
      }
      throw new BackendUnavailableError({ engine, failures });
    },
  };
}
