import { exposePocketSphinxWorker } from '@tandem/speech';
import { storeModelSource } from './store-source.ts';

// PocketSphinx over comlink, its runtime and model read from the IndexedDB model store.
exposePocketSphinxWorker({ source: storeModelSource() });
