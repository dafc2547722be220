export const ENCODINGS: readonly ['br', 'gzip'];
export function isCompressible(contentType: string): boolean;
export function negotiateEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined;
export function createEncodedCache(): { get(path: string, encoding: 'br' | 'gzip'): Promise<Buffer | undefined> };
