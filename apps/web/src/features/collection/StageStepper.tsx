import { cx } from '../../components/ui/cx.ts';
import { PAINTING_STAGES, STAGE_LABELS, stageIndex, type PaintingStage } from './stages.ts';
import './collection.css';

/** The eight stages as toggle buttons; stages up to the current one are marked done. */
export function StageStepper({
  stage,
  onChange,
  disabled,
}: {
  stage: PaintingStage;
  onChange?: (stage: PaintingStage) => void;
  disabled?: boolean;
}) {
  const current = stageIndex(stage);
  return (
    <ol className="pc-stepper" aria-label="Painting stage">
      {PAINTING_STAGES.map((s, i) => (
        <li key={s}>
          <button
            type="button"
            className={cx(`pc-stage--${s}`, i <= current && 'is-done')}
            aria-pressed={s === stage}
            disabled={disabled || !onChange}
            onClick={() => onChange?.(s)}
          >
            <span className="pc-stepper__n">Step {i + 1}</span>
            {STAGE_LABELS[s]}
          </button>
        </li>
      ))}
    </ol>
  );
}
