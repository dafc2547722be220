import { matchSpans, type Document } from './language.js';
import type { Detection, EntityKind } from './types.js';

/**
 * People, places and organisations, as compromise tags them. It finds them in lower-case text
 * without punctuation from its lexicon and grammar (first names, surnames, cities, companies),
 * which is what ASR output looks like; it runs in a few milliseconds with no model download.
 */
export function detectNames(doc: Document): Detection[] {
  const views: [EntityKind, { json(options?: object): unknown }][] = [
    // "my sister sarah": compromise keeps kinship words (tagged Actor) in the name; they are not personal.
    ['person', doc.people().not('#Actor')],
    ['organization', doc.organizations()],
    ['place', doc.places()],
  ];
  return views.flatMap(([kind, view]) => matchSpans(view).map((m) => ({ kind, start: m.start, end: m.end })));
}
