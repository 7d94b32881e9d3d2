import type { CSSProperties } from 'react';
import { cx } from './cx.ts';
import './Skeleton.css';

export interface SkeletonProps {
  width?: CSSProperties['width'];
  height?: CSSProperties['height'];
  shape?: 'rect' | 'text' | 'circle' | 'pill';
  className?: string;
}

/**
 * A grey placeholder in the shape of content that is on its way. Hidden from screen readers:
 * put `aria-busy` and a visually hidden "Loading …" on the region that holds it.
 */
export function Skeleton({ width, height, shape = 'rect', className }: SkeletonProps) {
  return (
    <span
      className={cx('pc-skeleton', `pc-skeleton--${shape}`, className)}
      style={{ width, height }}
      aria-hidden="true"
    />
  );
}

export function SkeletonText({ lines = 3, className }: { lines?: number; className?: string }) {
  return (
    <span className={cx('pc-skeleton-text', className)} aria-hidden="true">
      {Array.from({ length: lines }, (_, index) => (
        <Skeleton key={index} shape="text" width={index === lines - 1 && lines > 1 ? '60%' : '100%'} />
      ))}
    </span>
  );
}
