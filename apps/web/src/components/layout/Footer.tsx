import { Link } from 'react-router';
import { StatusDot } from '../../features/status/StatusDot.tsx';
import { LogoMark } from './Logo.tsx';
import { visibleNavItems } from './navigation.ts';
import './Footer.css';

export function Footer() {
  return (
    <footer className="pc-footer">
      <div className="container pc-footer__inner">
        <div className="pc-footer__brand">
          <LogoMark size={24} />
          <p>
            <strong>Plastic Crack</strong>
            <span className="muted"> · made by hobbyists, for the pile of shame.</span>
          </p>
        </div>
        <nav aria-label="Footer">
          <ul role="list" className="pc-footer__links">
            {visibleNavItems().map((item) => (
              <li key={item.to}>
                <Link to={item.to}>{item.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <StatusDot />
      </div>
    </footer>
  );
}
