import { useEffect, useRef } from 'react';
import { useToast } from '../../components/ui/Toast.tsx';
import type { Health } from './status-model.ts';
import { useServerStatus } from './useServerStatus.ts';

/** Tells the user once when the API stops answering and once when it is back, never on first load. */
export function ConnectionNotifier() {
  const { health } = useServerStatus();
  const toast = useToast();
  const previous = useRef<Health>('checking');

  useEffect(() => {
    const before = previous.current;
    previous.current = health;
    if (health === 'unreachable' && before !== 'unreachable' && before !== 'checking') {
      toast.show({
        tone: 'danger',
        title: 'Lost connection to the server',
        description: 'We will keep trying and reconnect on our own.',
      });
    } else if (before === 'unreachable' && (health === 'operational' || health === 'degraded')) {
      toast.show({ tone: 'success', title: 'Back online', description: 'The server is answering again.' });
    }
  }, [health, toast]);

  return null;
}
