import { useEffect, useId, useRef, type ReactNode } from 'react';
import { cx } from './cx.ts';
import { Icon } from './Icon.tsx';
import './Dialog.css';

export interface DialogProps {
  open: boolean;
  /** Escape, the close button and a click on the backdrop all call this. */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** The buttons at the bottom; the confirming one last. */
  footer?: ReactNode;
  tone?: 'default' | 'danger';
  className?: string;
}

/**
 * A modal built on the native <dialog>: the browser traps focus, makes the page behind it inert,
 * and hands focus back to the opener on close.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  tone,
  className,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={cx('pc-dialog', tone === 'danger' && 'pc-dialog--danger', className)}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        // Escape: React state decides whether it is open.
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself, outside its padding box content.
        if (event.target === event.currentTarget) {
          const box = event.currentTarget.getBoundingClientRect();
          const inside =
            event.clientX >= box.left &&
            event.clientX <= box.right &&
            event.clientY >= box.top &&
            event.clientY <= box.bottom;
          if (!inside) onClose();
        }
      }}
    >
      {open ? (
        <div className="pc-dialog__panel">
          <header className="pc-dialog__header">
            <h2 id={titleId} className="pc-dialog__title">
              {title}
            </h2>
            <button type="button" className="pc-dialog__close" onClick={onClose} aria-label="Close">
              <Icon name="close" size={18} />
            </button>
          </header>
          {description ? (
            <p id={descriptionId} className="pc-dialog__description">
              {description}
            </p>
          ) : null}
          {children ? <div className="pc-dialog__body">{children}</div> : null}
          {footer ? <footer className="pc-dialog__footer">{footer}</footer> : null}
        </div>
      ) : null}
    </dialog>
  );
}
