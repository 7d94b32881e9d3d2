import { useState, type CSSProperties } from 'react';
import { cx } from './cx.ts';
import './Avatar.css';

export interface AvatarProps {
  /** Display name: used for the alt text and the initials fallback. */
  name: string;
  src?: string | null;
  size?: 'xs' | 'sm' | 'md' | 'lg' | 'xl';
  /** Decorative when the name is already written next to it. */
  decorative?: boolean;
  className?: string;
}

const HUES = [8, 28, 45, 140, 170, 200, 225, 260, 290, 330];

function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/[\s._-]+/)
    .filter(Boolean);
  const letters =
    words.length > 1 ? [words[0]?.[0], words[words.length - 1]?.[0]] : [words[0]?.[0], words[0]?.[1]];
  return letters.filter(Boolean).join('').toUpperCase() || '?';
}

/** Same name, same colour, on every page. */
function hueOf(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return HUES[Math.abs(hash) % HUES.length] ?? 225;
}

export function Avatar({ name, src, size = 'md', decorative, className }: AvatarProps) {
  const [failed, setFailed] = useState(false);
  const label = decorative ? undefined : name;
  return (
    <span
      className={cx('pc-avatar', `pc-avatar--${size}`, className)}
      style={{ '--avatar-hue': hueOf(name) } as CSSProperties}
      {...(src && !failed ? {} : label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}
    >
      {src && !failed ? (
        <img src={src} alt={label ?? ''} loading="lazy" decoding="async" onError={() => setFailed(true)} />
      ) : (
        <span aria-hidden="true">{initialsOf(name)}</span>
      )}
    </span>
  );
}
