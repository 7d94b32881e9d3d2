import { useLocation, useNavigate } from 'react-router';
import { Button, ButtonLink } from '../../components/ui/Button.tsx';
import { useToast } from '../../components/ui/Toast.tsx';
import { describeError } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';
import { useViewer } from '../auth/useViewer.ts';

/** Adds a catalogue kit to the viewer's collection; visitors are sent to sign in first. */
export function AddToCollectionButton({ modelId, name }: { modelId: string; name: string }) {
  const { status } = useViewer();
  const location = useLocation();
  const navigate = useNavigate();
  const toast = useToast();
  const utils = trpc.useUtils();
  const add = trpc.collection.add.useMutation({
    onSuccess: async (item) => {
      await Promise.all([utils.collection.list.invalidate(), utils.collection.stats.invalidate()]);
      toast.show({
        tone: 'success',
        title: `${name} is in your collection`,
        description: 'Track its painting progress from its page.',
      });
      void navigate(`/collection/${item.id}`);
    },
    onError: (error) => {
      toast.show({ tone: 'danger', title: "Couldn't add it", description: describeError(error).message });
    },
  });

  if (status === 'signed-out')
    return (
      <ButtonLink
        to={`/sign-in?returnTo=${encodeURIComponent(location.pathname)}`}
        variant="primary"
        iconStart="log-in"
      >
        Sign in to add to your collection
      </ButtonLink>
    );
  return (
    <Button
      variant="primary"
      iconStart="plus"
      loading={add.isPending}
      disabled={status === 'loading'}
      onClick={() => add.mutate({ modelId })}
    >
      Add to my collection
    </Button>
  );
}
