/** The brass base with a crack through it: a primed miniature base, and the habit it feeds. */
export function LogoMark({ size = 32 }: { size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
      className="pc-logo__mark"
    >
      <defs>
        <linearGradient id="pc-logo-brass" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#e2c07a" />
          <stop offset="1" stopColor="#a87a1e" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill="url(#pc-logo-brass)" />
      <circle cx="16" cy="16" r="9" fill="none" stroke="#17191d" strokeWidth="2.6" />
      <path
        d="M17.5 5.5 14 12.5l4 3.5-4.5 4.5 2.5 6"
        fill="none"
        stroke="#17191d"
        strokeWidth="2.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
