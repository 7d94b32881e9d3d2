import { Skeleton, SkeletonText } from '../ui/Skeleton.tsx';

/** Shown while a page's code is on its way. */
export function PageLoading() {
  return (
    <div className="container pc-page" aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading page…
      </span>
      <div style={{ paddingBlock: 'var(--space-8) var(--space-6)', maxWidth: '36rem' }}>
        <Skeleton shape="pill" width="6rem" height="0.75rem" />
        <Skeleton height="2.25rem" width="70%" className="pc-page-loading__title" />
        <SkeletonText lines={2} />
      </div>
    </div>
  );
}
