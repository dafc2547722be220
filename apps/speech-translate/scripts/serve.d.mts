import type { Server } from 'node:http';

export function contentSecurityPolicy(functionOrigin: string): string;

export function startAppServer(options: {
  dist: string;
  port?: number | string;
  host?: string;
  functionUrl?: string;
  /** Serve brotli/gzip to clients that accept it (default true). */
  compression?: boolean;
}): Promise<{ server: Server; url: string; setFunctionUrl(url: string): void }>;

export function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | undefined;
