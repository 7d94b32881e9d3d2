import { cx } from '../../components/ui/cx.ts';
import { STAGE_LABELS, type PaintingStage } from './stages.ts';
import './collection.css';

/** A painting stage as a coloured pill; each of the eight stages has its own colour. */
export function StageChip({ stage, className }: { stage: PaintingStage; className?: string }) {
  return (
    <span className={cx('pc-stage-chip', `pc-stage--${stage}`, className)}>
      <span className="pc-stage-chip__dot" aria-hidden="true" />
      {STAGE_LABELS[stage]}
    </span>
  );
}
