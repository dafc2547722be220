import { createModelStore } from '@tandem/model-store';
import { exposePocketSphinxWorker } from '@tandem/speech';
import { MODEL_STORE_NAME } from '../model-bundles.ts';

// PocketSphinx over comlink, its runtime and model read from the IndexedDB model store the page filled.
exposePocketSphinxWorker({ source: createModelStore({ name: MODEL_STORE_NAME }) });
