import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ToastProvider } from './components/ui/Toast.tsx';
import { createQueryClient, createTrpcClient, trpc } from './lib/trpc.ts';

/** Data (tRPC + React Query) and notices, for everything below. */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  // Lives as long as the page: the socket is lazy and closes itself when idle.
  const [{ client }] = useState(createTrpcClient);

  return (
    <trpc.Provider client={client} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>{children}</ToastProvider>
      </QueryClientProvider>
    </trpc.Provider>
  );
}
