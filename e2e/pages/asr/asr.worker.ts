import { createModelStore } from '@tandem/model-store';
import { exposePocketSphinxWorker } from '@tandem/speech';

// The whole worker: PocketSphinx over comlink, its runtime and model from a model store opened
// here (downloaded once, SHA-256 checked against the manifests, kept in IndexedDB).
exposePocketSphinxWorker({ source: createModelStore({ name: 'tandem-e2e-asr' }) });
