import type { Server } from 'node:http';

export function contentSecurityPolicy(functionOrigin: string): string;

export function startAppServer(options: {
  dist: string;
  port?: number | string;
  host?: string;
  functionUrl?: string;
}): Promise<{ server: Server; url: string; setFunctionUrl(url: string): void }>;
