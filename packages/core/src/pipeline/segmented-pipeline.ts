import type { OutputLabelOf, SensitivityLabel } from '../labels/sensitivity-label.js';
import type { NoParams, Pipeline } from './pipeline.js';
import type { SegmentingStage } from './segmenting-stage.js';

/**
 * A stream pipeline: chunks labelled `LChunk` go through a segmenting stage, and each segment it
 * emits runs through `perSegment` on its own (`tandem.stream`).
 */
export interface SegmentedPipeline<C, S, O, LChunk extends SensitivityLabel, LOut extends SensitivityLabel, Params extends object = NoParams> {
  /** The per-segment pipeline's name; the session's trace carries it. */
  readonly name: string;
  readonly chunkLabel: LChunk;
  readonly segmenter: SegmentingStage<C, S>;
  readonly perSegment: Pipeline<S, O, SensitivityLabel, LOut, Params>;
}

/**
 * A pipeline's input type is not visible in its structure (only in its type arguments), so the
 * segment type is compared explicitly: a mismatch asks for a property no pipeline has.
 */
type TakesSegment<S, I> = [S] extends [I] ? unknown : { readonly segmentTypeTheSegmenterEmits: S };

/**
 * Puts a segmenting stage in front of a pipeline. It compiles only when the pipeline takes the
 * segment type and was declared for the segments' label (`OutputLabelOf<LChunk, LSeg>`): a
 * pipeline declared `public` cannot take raw utterances, so its remote stages cannot receive them.
 */
export function segmented<C, S, LChunk extends SensitivityLabel, LSeg extends SensitivityLabel, I, O, LOut extends SensitivityLabel, Params extends object>(
  chunkLabel: LChunk,
  segmenter: SegmentingStage<C, S, LSeg>,
  perSegment: Pipeline<I, O, NoInfer<OutputLabelOf<LChunk, LSeg>>, LOut, Params> & TakesSegment<S, I>,
): SegmentedPipeline<C, S, O, LChunk, LOut, Params> {
  const names = new Set(perSegment.stages.map((s) => s.name));
  if (names.has(segmenter.name)) throw new TypeError(`Pipeline "${perSegment.name}" has two stages named "${segmenter.name}".`);
  return Object.freeze({
    name: perSegment.name,
    chunkLabel,
    segmenter: segmenter as SegmentingStage<C, S>,
    perSegment: perSegment as unknown as Pipeline<S, O, SensitivityLabel, LOut, Params>,
  });
}
