import { PAINTED_STAGES, PAINTING_STAGES, type PaintingStage } from '@plastic-crack/api-contract';

export { PAINTING_STAGES };
export type { PaintingStage };

export const STAGE_LABELS: Record<PaintingStage, string> = {
  unpainted: 'Unpainted',
  primed: 'Primed',
  basecoated: 'Basecoated',
  shaded: 'Shaded',
  highlighted: 'Highlighted',
  detailed: 'Detailed',
  finished: 'Finished',
  showcase_ready: 'Showcase ready',
};

export const stageIndex = (stage: PaintingStage): number => PAINTING_STAGES.indexOf(stage);

/** 0 for unpainted, 100 for showcase ready. */
export const stageProgress = (stage: PaintingStage): number =>
  Math.round((stageIndex(stage) / (PAINTING_STAGES.length - 1)) * 100);

export const isPainted = (stage: PaintingStage): boolean => PAINTED_STAGES.includes(stage);
