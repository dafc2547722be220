/**
 * The utterance cards, kept in IndexedDB so a reload shows them again, and a translation queued
 * before the reload lands on its card. Only what may be kept is: the redacted text (what left or
 * may leave the device), the function's answer with its placeholders, status, trace rows and
 * decision records. Never the audio, the transcript with the values behind the placeholders, the
 * placeholder mapping, the live partials or the restored translation: those stay in the page.
 */
import type { Utterance } from './utterance.ts';

/** The fields of a card that are kept across a reload (an allowlist: a new field is not kept until named here). */
const KEPT = [
  'id',
  'index',
  'origin',
  'startS',
  'endS',
  'audioBytes',
  'redactedText',
  'target',
  'policy',
  'translatedRedacted',
  'missingPlaceholders',
  'status',
  'message',
  'queueId',
  'rows',
  'decisions',
  'explanations',
] as const satisfies readonly (keyof Utterance)[];

export type StoredUtterance = Pick<Utterance, (typeof KEPT)[number]>;

/** The kept part of a card; nothing unredacted. */
export function storedUtterance(u: Utterance): StoredUtterance {
  const kept: Partial<Record<keyof Utterance, unknown>> = {};
  for (const k of KEPT) if (u[k] !== undefined) kept[k] = u[k];
  return structuredClone(kept) as StoredUtterance;
}

/**
 * A card as the next page shows it. Without the mapping the placeholders stay placeholders. Work
 * that was under way cannot resume (its audio and unredacted transcript are gone), so such a card
 * says it was interrupted; a queued one waits for its delivery. So does a card whose translate
 * call was in flight (`inQueue`: the functions client kept that call in its offline queue before
 * sending it, and the next page sends it again under the same key).
 */
export function restoredUtterance(s: StoredUtterance, inQueue: (s: StoredUtterance) => boolean = () => false): Utterance {
  const u: Utterance = { ...s, partial: '', restored: true };
  if (u.translatedRedacted !== undefined) u.translation = u.translatedRedacted;
  if (u.status === 'translating' && inQueue(s)) {
    u.status = 'queued';
    // Matched by redacted text and target (cardForDelivery): an older queue id is not its key.
    delete u.queueId;
    u.message = 'Sent as the page closed: its request was kept on this device and goes again under the same key, so it is translated once and lands here.';
  } else if (u.status !== 'done' && u.status !== 'queued' && u.status !== 'failed') {
    u.status = 'failed';
    u.message = 'Interrupted by a reload: this device keeps no audio or unredacted text, so it cannot be finished.';
  }
  return u;
}

export interface UtteranceStore {
  save(u: Utterance): Promise<void>;
  /**
   * Kept cards, oldest first; only the newest `capacity` are kept, the rest are deleted.
   * `inQueue` says which card under translation has its call in the client's queue.
   */
  list(inQueue?: (s: StoredUtterance) => boolean): Promise<Utterance[]>;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

const STORE = 'utterances';

/** One database, one object store keyed by card id. */
export function openUtteranceStore(name = 'tandem-speech-translate', capacity = 200): UtteranceStore {
  let opened: Promise<IDBDatabase> | undefined;
  const db = () =>
    (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'id' });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error(`IndexedDB ${name} did not open`));
    }));
  return {
    async save(u) {
      const tx = (await db()).transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(storedUtterance(u));
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      });
    },
    async list(inQueue) {
      const tx = (await db()).transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      const all = (await request(store.getAll() as IDBRequest<StoredUtterance[]>)).sort((a, b) => a.index - b.index);
      for (const old of all.splice(0, Math.max(0, all.length - capacity))) store.delete(old.id);
      return all.map((stored) => restoredUtterance(stored, inQueue));
    },
  };
}
