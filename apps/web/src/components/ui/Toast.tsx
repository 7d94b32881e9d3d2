import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { cx } from './cx.ts';
import { Icon, type IconName } from './Icon.tsx';
import './Toast.css';

export type ToastTone = 'info' | 'success' | 'warning' | 'danger';

export interface ToastInput {
  title: string;
  description?: string;
  tone?: ToastTone;
  /** Milliseconds before it goes away by itself; 0 keeps it until dismissed. */
  durationMs?: number;
}

interface ToastItem extends Required<Omit<ToastInput, 'description'>> {
  id: number;
  description?: string | undefined;
}

interface ToastApi {
  show(toast: ToastInput): number;
  dismiss(id: number): void;
}

const ToastContext = createContext<ToastApi | null>(null);

const ICONS: Record<ToastTone, IconName> = {
  info: 'info',
  success: 'check-circle',
  warning: 'alert',
  danger: 'x-circle',
};

/** Shows short notices ("Saved", "Connection lost") through `useToast()` anywhere below it. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback(
    (id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)),
    [],
  );
  const show = useCallback((input: ToastInput) => {
    const id = nextId.current++;
    const tone = input.tone ?? 'info';
    const toast: ToastItem = {
      id,
      title: input.title,
      description: input.description,
      tone,
      durationMs: input.durationMs ?? (tone === 'danger' ? 8_000 : 5_000),
    };
    // The same notice again replaces the earlier one (a fresh timer, not a stack of copies);
    // at most four on screen, the oldest giving way.
    setToasts((current) => [
      ...current
        .filter((item) => item.title !== toast.title || item.description !== toast.description)
        .slice(-3),
      toast,
    ]);
    return id;
  }, []);

  const api = useMemo(() => ({ show, dismiss }), [show, dismiss]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <ToastRegion toasts={toasts} onDismiss={dismiss} />
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast must be used inside <ToastProvider>');
  return api;
}

/** The live region exists from the start, so screen readers announce toasts added to it. */
function ToastRegion({ toasts, onDismiss }: { toasts: ToastItem[]; onDismiss: (id: number) => void }) {
  return (
    <section
      className="pc-toast-region"
      aria-label="Notifications"
      aria-live="polite"
      aria-relevant="additions text"
    >
      <ol role="list" className="pc-toast-list">
        {toasts.map((toast) => (
          <Toast key={toast.id} toast={toast} onDismiss={onDismiss} />
        ))}
      </ol>
    </section>
  );
}

function Toast({ toast, onDismiss }: { toast: ToastItem; onDismiss: (id: number) => void }) {
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (toast.durationMs === 0 || paused) return;
    const timer = window.setTimeout(() => onDismiss(toast.id), toast.durationMs);
    return () => window.clearTimeout(timer);
  }, [toast.id, toast.durationMs, paused, onDismiss]);

  return (
    <li
      className={cx('pc-toast', `pc-toast--${toast.tone}`)}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <Icon name={ICONS[toast.tone]} size={20} className="pc-toast__icon" />
      <div className="pc-toast__body">
        <p className="pc-toast__title">{toast.title}</p>
        {toast.description ? <p className="pc-toast__description">{toast.description}</p> : null}
      </div>
      <button
        type="button"
        className="pc-toast__close"
        onClick={() => onDismiss(toast.id)}
        aria-label={`Dismiss: ${toast.title}`}
      >
        <Icon name="close" size={16} />
      </button>
    </li>
  );
}
