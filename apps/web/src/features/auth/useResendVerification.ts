import { useState } from 'react';
import { useToast } from '../../components/ui/Toast.tsx';
import { describeError } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';
import { useCountdown } from './useCountdown.ts';

/**
 * "Send the link again", honouring the server's rate limit: after a TOO_MANY_REQUESTS the button
 * waits out `retryAfterSeconds` with a visible countdown instead of failing again.
 */
export function useResendVerification() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const [sentAt, setSentAt] = useState<number | null>(null);
  const waitSeconds = useCountdown(retryAt);
  const mutation = trpc.auth.resendVerification.useMutation({
    onSuccess: (result) => {
      if (!result.sent) {
        // Confirmed meanwhile (another tab, another device).
        void utils.auth.me.invalidate();
        return;
      }
      setSentAt(Date.now());
      toast.show({
        tone: 'success',
        title: 'Link sent',
        description: 'Check your inbox (and the spam folder).',
      });
    },
    onError: (error) => {
      const described = describeError(error);
      if (described.retryAfterSeconds) setRetryAt(Date.now() + described.retryAfterSeconds * 1000);
      toast.show({ tone: 'danger', title: "Couldn't send the link", description: described.message });
    },
  });
  return {
    resend: () => mutation.mutate(),
    pending: mutation.isPending,
    waitSeconds,
    sent: sentAt !== null,
  };
}
