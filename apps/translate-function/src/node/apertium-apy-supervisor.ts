import { apertiumApyAnswers, startApertiumApy, type ApertiumApyProcess, type StartApertiumApyOptions } from './apertium-apy-process.js';

/** Restart delays: `initialMs` doubling up to `maxMs`, back to `initialMs` after a healthy run. */
export interface RestartBackoff {
  /** Default 200 ms. */
  initialMs?: number;
  /** Default 5 000 ms. */
  maxMs?: number;
  /** A process that lived this long before dying restarts after `initialMs` again. Default 30 000 ms. */
  resetAfterMs?: number;
}

/**
 * A process that is alive but stopped answering (stopped, wedged) is killed, and so restarted,
 * after `failures` consecutive `/listPairs` probes `intervalMs` apart went unanswered (2 s each:
 * generous, so a busy apy is not taken for a dead one).
 */
export interface Watchdog {
  /** Default 5 000 ms. */
  intervalMs?: number;
  /** Default 3. */
  failures?: number;
}

export type SupervisorEvent =
  | { type: 'exited'; pid: number; code: number | null; signal: string | null; restartInMs: number }
  | { type: 'unresponsive'; pid: number; failures: number }
  | { type: 'restarted'; pid: number; url: string; restarts: number }
  | { type: 'restart-failed'; message: string; restartInMs: number };

export interface SuperviseApertiumApyOptions extends StartApertiumApyOptions {
  backoff?: RestartBackoff;
  /** `false` turns the liveness probe off. */
  watchdog?: Watchdog | false;
  /** Told of every death and restart; the Node entry prints them as JSON lines on stderr. */
  onEvent?: (event: SupervisorEvent) => void;
}

export interface SupervisedApertiumApy {
  /** Stable across restarts: every restart binds the port the first process got. */
  readonly url: string;
  readonly port: number;
  /** The current process's pid; -1 while it is down. */
  readonly pid: number;
  /** How many times it was restarted. */
  readonly restarts: number;
  /**
   * False from the moment the process is known dead until a restart answers `/listPairs`. The
   * apertium provider takes this as `running`, so requests meanwhile get 503 at once and
   * `/healthz` says so, instead of waiting out a deadline or trusting a cached language list.
   */
  running(): boolean;
  /** Stops supervising and the process (SIGTERM, then SIGKILL after 2 s). */
  stop(): Promise<void>;
}

/**
 * Starts apertium-apy and keeps it running: when the process exits (crash, OOM kill, SIGKILL)
 * it is started again on the same loopback port after a backoff, so translation comes back
 * without restarting the function. One that stalls without dying is found by the watchdog's
 * probes and killed, so it restarts too; until then the request deadlines answer for it (504).
 */
export async function superviseApertiumApy(options: SuperviseApertiumApyOptions = {}): Promise<SupervisedApertiumApy> {
  const initialMs = options.backoff?.initialMs ?? 200;
  const maxMs = options.backoff?.maxMs ?? 5_000;
  const resetAfterMs = options.backoff?.resetAfterMs ?? 30_000;
  const emit = (event: SupervisorEvent) => options.onEvent?.(event);
  const first = await startApertiumApy(options);
  const { port, url } = first;
  let current: ApertiumApyProcess | undefined;
  let delayMs = initialMs;
  let restarts = 0;
  let stopped = false;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  let restarting: Promise<void> | undefined;
  let probeTimer: ReturnType<typeof setTimeout> | undefined;
  const watchdog = options.watchdog === false ? undefined : { intervalMs: options.watchdog?.intervalMs ?? 5_000, failures: options.watchdog?.failures ?? 3 };

  /** Probes `proc` every `intervalMs`; kills it after `failures` unanswered probes in a row. */
  function watch(proc: ApertiumApyProcess): void {
    if (!watchdog) return;
    let misses = 0;
    const probe = async (): Promise<void> => {
      const answered = await apertiumApyAnswers(url, 2_000);
      if (current !== proc || stopped) return;
      misses = answered ? 0 : misses + 1;
      if (misses < watchdog.failures) {
        probeTimer = setTimeout(() => void probe(), watchdog.intervalMs);
        return;
      }
      emit({ type: 'unresponsive', pid: proc.pid, failures: misses });
      try {
        process.kill(proc.pid, 'SIGKILL'); // works on a stopped process too; the exit restarts it
      } catch {
        // already gone: its exit restarts it
      }
    };
    probeTimer = setTimeout(() => void probe(), watchdog.intervalMs);
  }

  function scheduleRestart(inMs: number): void {
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      restarting = restart().finally(() => (restarting = undefined));
    }, inMs);
  }

  /** The next delay, doubling for the one after. */
  function nextDelay(): number {
    const wait = delayMs;
    delayMs = Math.min(maxMs, delayMs * 2);
    return wait;
  }

  function adopt(proc: ApertiumApyProcess): void {
    current = proc;
    const startedAt = Date.now();
    watch(proc);
    void proc.exited.then(({ code, signal }) => {
      if (current !== proc) return;
      current = undefined;
      if (probeTimer !== undefined) clearTimeout(probeTimer);
      if (stopped) return;
      if (Date.now() - startedAt >= resetAfterMs) delayMs = initialMs;
      const restartInMs = nextDelay();
      emit({ type: 'exited', pid: proc.pid, code, signal, restartInMs });
      scheduleRestart(restartInMs);
    });
  }

  async function restart(): Promise<void> {
    if (stopped) return;
    try {
      const proc = await startApertiumApy({ ...options, port });
      if (stopped) {
        await proc.stop();
        return;
      }
      restarts++;
      adopt(proc);
      emit({ type: 'restarted', pid: proc.pid, url, restarts });
    } catch (error) {
      if (stopped) return;
      const restartInMs = nextDelay();
      emit({ type: 'restart-failed', message: error instanceof Error ? error.message : String(error), restartInMs });
      scheduleRestart(restartInMs);
    }
  }

  adopt(first);
  return {
    url,
    port,
    get pid() {
      return current?.pid ?? -1;
    },
    get restarts() {
      return restarts;
    },
    running: () => current !== undefined,
    async stop() {
      stopped = true;
      if (restartTimer !== undefined) clearTimeout(restartTimer);
      if (probeTimer !== undefined) clearTimeout(probeTimer);
      await restarting; // a restart under way stops what it started
      await current?.stop();
    },
  };
}
