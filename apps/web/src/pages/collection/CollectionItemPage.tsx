import { addPaintingSessionInput, type PaintingStage } from '@plastic-crack/api-contract';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Badge } from '../../components/ui/Badge.tsx';
import { Button } from '../../components/ui/Button.tsx';
import { Card } from '../../components/ui/Card.tsx';
import { Dialog } from '../../components/ui/Dialog.tsx';
import { ErrorState } from '../../components/ui/ErrorState.tsx';
import { TextField, Textarea } from '../../components/ui/Field.tsx';
import { PageHeader } from '../../components/ui/PageHeader.tsx';
import { ProgressBar } from '../../components/ui/ProgressBar.tsx';
import { Skeleton, SkeletonText } from '../../components/ui/Skeleton.tsx';
import { useToast } from '../../components/ui/Toast.tsx';
import { StageChip } from '../../features/collection/StageChip.tsx';
import { StageStepper } from '../../features/collection/StageStepper.tsx';
import { formatMoney } from '../../features/collection/money.ts';
import { STAGE_LABELS, stageProgress } from '../../features/collection/stages.ts';
import { usePaintingSessions } from '../../features/collection/useStrictInfinite.ts';
import { uploadCollectionPhoto } from '../../features/collection/uploadPhoto.ts';
import { describeError } from '../../lib/errors.ts';
import { formatDate } from '../../lib/format.ts';
import { validate, type FieldErrors } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import '../../features/collection/collection.css';

export function CollectionItemPage() {
  const { id = '' } = useParams();
  const item = trpc.collection.get.useQuery({ id }, { retry: false });
  const utils = trpc.useUtils();
  const toast = useToast();
  const navigate = useNavigate();
  const [confirmDelete, setConfirmDelete] = useState(false);

  const setStage = trpc.collection.setStage.useMutation({
    // The stepper moves at once; a failure puts the old stage back.
    onMutate: async ({ paintingStatus }) => {
      await utils.collection.get.cancel({ id });
      const previous = utils.collection.get.getData({ id });
      utils.collection.get.setData({ id }, (old) => (old ? { ...old, paintingStatus } : old));
      return { previous };
    },
    onError: (error, _input, context) => {
      if (context?.previous) utils.collection.get.setData({ id }, context.previous);
      toast.show({
        tone: 'danger',
        title: "Couldn't change the stage",
        description: describeError(error).message,
      });
    },
    onSuccess: (_data, { paintingStatus }) => {
      toast.show({ tone: 'success', title: `Stage: ${STAGE_LABELS[paintingStatus]}`, durationMs: 2500 });
    },
    onSettled: () =>
      Promise.all([
        utils.collection.get.invalidate({ id }),
        utils.collection.list.invalidate(),
        utils.collection.stats.invalidate(),
        utils.collection.history.invalidate({ userModelId: id }),
      ]),
  });

  const remove = trpc.collection.delete.useMutation({
    onSuccess: async () => {
      await Promise.all([utils.collection.list.invalidate(), utils.collection.stats.invalidate()]);
      toast.show({ tone: 'success', title: 'Item deleted' });
      void navigate('/collection');
    },
    onError: (error) =>
      toast.show({ tone: 'danger', title: "Couldn't delete it", description: describeError(error).message }),
  });

  if (item.isPending)
    return (
      <div className="container pc-page stack" aria-busy="true">
        <title>Loading… · Plastic Crack</title>
        <Skeleton height="3rem" width="50%" />
        <Skeleton height="4rem" />
        <SkeletonText lines={6} />
      </div>
    );
  if (item.isError)
    return (
      <div className="container pc-page">
        <title>Item not found · Plastic Crack</title>
        <ErrorState
          error={item.error}
          title="Couldn't open this item"
          onRetry={() => void item.refetch()}
          retrying={item.isFetching}
          headingLevel={1}
          actions={<Link to="/collection">Back to your collection</Link>}
        />
      </div>
    );

  const data = item.data;
  const owner = data.ownerDetails;
  const isOwner = owner !== null;
  return (
    <div
      className="container pc-page stack"
      style={{ '--stack-gap': 'var(--space-6)' } as React.CSSProperties}
    >
      <title>{`${data.name} · My collection · Plastic Crack`}</title>
      <nav aria-label="Breadcrumb" className="muted">
        <Link to="/collection">My collection</Link> / {data.name}
      </nav>
      <PageHeader
        eyebrow={[data.gameSystem?.name, data.faction?.name].filter(Boolean).join(' · ') || 'Custom item'}
        title={data.name}
        actions={
          isOwner ? (
            <Button variant="danger" iconStart="trash" onClick={() => setConfirmDelete(true)}>
              Delete
            </Button>
          ) : undefined
        }
      />
      <Card as="section" padding="md" aria-labelledby="stage-heading" className="stack">
        <div className="cluster" style={{ justifyContent: 'space-between' }}>
          <h2 id="stage-heading">Painting progress</h2>
          <span data-testid="current-stage">
            <StageChip stage={data.paintingStatus} />
          </span>
        </div>
        <ProgressBar
          label="Painting progress"
          value={stageProgress(data.paintingStatus)}
          showValue
          tone={stageProgress(data.paintingStatus) >= 85 ? 'success' : 'accent'}
        />
        <StageStepper
          stage={data.paintingStatus}
          onChange={
            isOwner
              ? (stage: PaintingStage) => {
                  if (stage !== data.paintingStatus) setStage.mutate({ id, paintingStatus: stage });
                }
              : undefined
          }
        />
      </Card>

      <div className="pc-two-col">
        <div className="stack">
          <PhotoGallery itemId={id} canEdit={isOwner} />
          <PaintingLog itemId={id} canEdit={isOwner} totalMinutes={data.paintingTimeMinutes} />
        </div>
        <Card as="section" padding="md" aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          <dl className="pc-facts">
            <dt>Quantity</dt>
            <dd>{data.quantity}</dd>
            <dt>Points</dt>
            <dd>{data.pointsValue ?? '—'}</dd>
            <dt>Condition</dt>
            <dd>{data.condition.replace('_', ' ')}</dd>
            {owner ? (
              <>
                <dt>Paid (each)</dt>
                <dd>
                  {owner.purchasePrice !== null ? formatMoney(owner.purchasePrice, owner.currency) : '—'}
                </dd>
                <dt>Bought on</dt>
                <dd>{owner.purchaseDate ? formatDate(owner.purchaseDate) : '—'}</dd>
                <dt>Bought at</dt>
                <dd>{owner.purchaseLocation ?? '—'}</dd>
                <dt>Stored in</dt>
                <dd>{owner.storageLocation ?? '—'}</dd>
              </>
            ) : null}
            <dt>Started</dt>
            <dd>{data.paintingStartDate ? formatDate(data.paintingStartDate) : '—'}</dd>
            <dt>Finished</dt>
            <dd>{data.paintingCompletionDate ? formatDate(data.paintingCompletionDate) : '—'}</dd>
          </dl>
          {data.tags.length > 0 ? (
            <div className="cluster" style={{ marginTop: 'var(--space-3)' }}>
              {data.tags.map((tag) => (
                <Badge key={tag}>{tag}</Badge>
              ))}
            </div>
          ) : null}
          {data.notes ? <p className="pc-prose">{data.notes}</p> : null}
          {data.modelId ? (
            <p>
              <Link to={`/catalog`}>Find it in the catalogue</Link>
            </p>
          ) : null}
        </Card>
      </div>
      <Dialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        tone="danger"
        title={`Delete ${data.name}?`}
        description="Its photos and painting log go too. This cannot be undone."
        footer={
          <>
            <Button variant="ghost" onClick={() => setConfirmDelete(false)}>
              Keep it
            </Button>
            <Button variant="danger" loading={remove.isPending} onClick={() => remove.mutate({ id })}>
              Delete
            </Button>
          </>
        }
      />
    </div>
  );
}

function PhotoGallery({ itemId, canEdit }: { itemId: string; canEdit: boolean }) {
  const photos = trpc.collection.photos.list.useQuery({ userModelId: itemId });
  const utils = trpc.useUtils();
  const toast = useToast();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const remove = trpc.collection.photos.delete.useMutation({
    onSuccess: () => utils.collection.photos.list.invalidate({ userModelId: itemId }),
    onError: (error) =>
      toast.show({
        tone: 'danger',
        title: "Couldn't delete the photo",
        description: describeError(error).message,
      }),
  });

  const upload = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setUploading(true);
    try {
      for (const file of Array.from(files)) await uploadCollectionPhoto(itemId, file);
      toast.show({ tone: 'success', title: files.length === 1 ? 'Photo added' : 'Photos added' });
    } catch (error) {
      toast.show({
        tone: 'danger',
        title: "Couldn't upload",
        description: error instanceof Error ? error.message : 'Please try again.',
      });
    } finally {
      setUploading(false);
      if (input.current) input.current.value = '';
      await Promise.all([
        utils.collection.photos.list.invalidate({ userModelId: itemId }),
        utils.collection.list.invalidate(),
      ]);
    }
  };

  return (
    <Card as="section" padding="md" aria-labelledby="photos-heading" className="stack">
      <div className="cluster" style={{ justifyContent: 'space-between' }}>
        <h2 id="photos-heading">Photos</h2>
        {canEdit ? (
          <>
            <input
              ref={input}
              id="photo-upload"
              type="file"
              accept="image/*"
              multiple
              className="visually-hidden"
              onChange={(event) => void upload(event.target.files)}
            />
            <Button
              variant="secondary"
              iconStart="upload"
              loading={uploading}
              onClick={() => input.current?.click()}
            >
              Upload photos
            </Button>
          </>
        ) : null}
      </div>
      {photos.isPending ? (
        <Skeleton height="9rem" />
      ) : photos.isError ? (
        <ErrorState
          error={photos.error}
          title="Couldn't load photos"
          onRetry={() => void photos.refetch()}
          retrying={photos.isFetching}
          headingLevel={3}
        />
      ) : photos.data.length === 0 ? (
        <p className="muted">
          {canEdit ? 'No photos yet. Upload a few to show off your progress (up to 10).' : 'No photos yet.'}
        </p>
      ) : (
        <ul className="pc-gallery">
          {photos.data.map((photo, i) => (
            <li key={photo.id}>
              <figure>
                <a href={photo.url} target="_blank" rel="noreferrer">
                  <img
                    src={photo.thumbnailUrl ?? photo.url}
                    alt={photo.caption ?? `Photo ${i + 1}`}
                    loading="lazy"
                  />
                </a>
                {photo.caption ? <figcaption>{photo.caption}</figcaption> : null}
              </figure>
              {canEdit ? (
                <Button
                  variant="ghost"
                  size="sm"
                  iconStart="trash"
                  aria-label={`Delete photo ${i + 1}`}
                  onClick={() => remove.mutate({ id: photo.id })}
                >
                  Remove
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

const today = () => new Date().toISOString().slice(0, 10);

function PaintingLog({
  itemId,
  canEdit,
  totalMinutes,
}: {
  itemId: string;
  canEdit: boolean;
  totalMinutes: number;
}) {
  const sessions = usePaintingSessions({ userModelId: itemId, limit: 20 });
  const utils = trpc.useUtils();
  const [minutes, setMinutes] = useState('');
  const [paintedOn, setPaintedOn] = useState(today);
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const add = trpc.collection.sessions.add.useMutation({
    onSuccess: async () => {
      setMinutes('');
      setNotes('');
      await Promise.all([
        utils.collection.sessions.list.invalidate({ userModelId: itemId }),
        utils.collection.get.invalidate({ id: itemId }),
      ]);
    },
    onError: (error) =>
      setErrors({ ...describeError(error).fieldErrors, form: describeError(error).message }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(addPaintingSessionInput, {
      userModelId: itemId,
      minutes: minutes.trim() === '' ? undefined : Number(minutes),
      paintedOn: paintedOn || undefined,
      notes: notes.trim() === '' ? undefined : notes,
    });
    if (!checked.success) {
      setErrors(checked.fieldErrors);
      return;
    }
    setErrors({});
    add.mutate(checked.data);
  };

  const rows = sessions.data?.pages.flatMap((page) => page.sessions) ?? [];
  const hours = Math.floor(totalMinutes / 60);
  return (
    <Card as="section" padding="md" aria-labelledby="log-heading" className="stack">
      <div className="cluster" style={{ justifyContent: 'space-between' }}>
        <h2 id="log-heading">Painting log</h2>
        <span className="muted">
          {hours > 0 ? `${hours} h ` : ''}
          {totalMinutes % 60} min in total
        </span>
      </div>
      {canEdit ? (
        <form className="pc-filters" onSubmit={submit} noValidate aria-label="Log a painting session">
          <TextField
            label="Minutes"
            type="number"
            inputMode="numeric"
            min={1}
            required
            value={minutes}
            onChange={(event) => setMinutes(event.target.value)}
            error={errors.minutes}
          />
          <TextField
            label="Date"
            type="date"
            max={today()}
            value={paintedOn}
            onChange={(event) => setPaintedOn(event.target.value)}
            error={errors.paintedOn}
          />
          <Textarea
            label="Notes"
            rows={1}
            value={notes}
            onChange={(event) => setNotes(event.target.value)}
            error={errors.notes ?? errors.form}
          />
          <Button type="submit" loading={add.isPending} iconStart="plus">
            Log session
          </Button>
        </form>
      ) : null}
      {sessions.isPending ? (
        <SkeletonText lines={3} />
      ) : sessions.isError ? (
        <ErrorState
          error={sessions.error}
          title="Couldn't load the painting log"
          onRetry={() => void sessions.refetch()}
          retrying={sessions.isFetching}
          headingLevel={3}
        />
      ) : rows.length === 0 ? (
        <p className="muted">No sessions logged yet. Log the time you spend painting to see it add up.</p>
      ) : (
        <ul className="pc-log">
          {rows.map((session) => (
            <li key={session.id}>
              <strong>{formatDate(session.paintedOn)}</strong> · {session.minutes} min
              {session.notes ? <div className="pc-prose">{session.notes}</div> : null}
            </li>
          ))}
        </ul>
      )}
      {sessions.hasNextPage ? (
        <Button
          variant="secondary"
          loading={sessions.isFetchingNextPage}
          onClick={() => void sessions.fetchNextPage()}
        >
          Older sessions
        </Button>
      ) : null}
    </Card>
  );
}
