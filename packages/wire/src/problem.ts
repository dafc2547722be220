/**
 * RFC 9457 problem details: every error a Tandem function returns has this shape and the
 * `application/problem+json` media type, so clients branch on `type`/`status`, never on prose.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Extension members (RFC 9457 §3.2): validation issues, retry delay, supported pairs. */
  [extension: string]: unknown;
}

/** Base of the `type` URIs; they name documentation anchors, they are not fetched. */
export const PROBLEM_BASE = 'https://tandem.dev/problems/';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
