import { exposePocketSphinxWorker } from '@tandem/speech';

// The whole worker: PocketSphinx over comlink, model files fetched (and SHA-256 checked) here.
exposePocketSphinxWorker();
