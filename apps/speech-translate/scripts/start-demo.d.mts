import type { ChildProcess } from 'node:child_process';

export interface StartedFunction {
  child: ChildProcess;
  url: Promise<string>;
  stop(): Promise<void>;
}

export function startFunction(options: {
  port?: number | string;
  host?: string;
  allowedOrigins: string[];
  env?: Record<string, string>;
  onLog?: (line: string) => void;
}): StartedFunction;

export interface Demo {
  appUrl: string;
  functionUrl: string;
  function: StartedFunction;
  stop(): Promise<void>;
}

export function startDemo(options?: {
  dist?: string;
  appPort?: number | string;
  functionPort?: number | string;
  host?: string;
  functionEnv?: Record<string, string>;
  onFunctionLog?: (line: string) => void;
  /** Serve brotli/gzip to clients that accept it (default true). */
  compression?: boolean;
}): Promise<Demo>;
