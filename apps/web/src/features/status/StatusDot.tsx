import { Link } from 'react-router';
import { HEALTH_TEXT } from './status-model.ts';
import { useServerStatus } from './useServerStatus.ts';
import './StatusDot.css';

/** A small green/amber/red light in the footer that links to the status page. */
export function StatusDot() {
  const { health } = useServerStatus();
  const text = HEALTH_TEXT[health];
  return (
    <Link to="/status" className={`pc-status-dot pc-status-dot--${health}`} title={text.headline}>
      <span className="pc-status-dot__light" aria-hidden="true" />
      <span>
        <span className="visually-hidden">Server status: </span>
        {text.short}
      </span>
    </Link>
  );
}
