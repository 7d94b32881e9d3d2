import { describe, expect, it } from 'vitest';
import { daysUntil, describeUserAgent, formatBytes, formatRelative, fullName } from './format.ts';

describe('describeUserAgent', () => {
  it('names the browser and system', () => {
    expect(
      describeUserAgent(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome on Linux');
    expect(
      describeUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iOS');
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; rv:140.0) Gecko/20100101 Firefox/140.0')).toBe(
      'Firefox on Windows',
    );
    expect(describeUserAgent(null)).toBe('Unknown browser');
  });
});

describe('formatting', () => {
  it('says relative times in words', () => {
    const now = Date.parse('2026-05-01T12:00:00Z');
    expect(formatRelative('2026-05-01T11:59:50Z', now)).toBe('just now');
    expect(formatRelative('2026-05-01T11:55:00Z', now)).toMatch(/5 minutes ago/);
    expect(formatRelative('2026-05-15T12:00:00Z', now)).toMatch(/2 weeks/);
  });

  it('counts days, bytes and names', () => {
    const now = Date.parse('2026-05-01T12:00:00Z');
    expect(daysUntil('2026-05-15T12:00:00Z', now)).toBe(14);
    expect(daysUntil('2026-04-01T12:00:00Z', now)).toBe(0);
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MiB');
    expect(formatBytes(2048)).toBe('2 KiB');
    expect(fullName({ firstName: 'Ada', lastName: null })).toBe('Ada');
    expect(fullName({ firstName: null, lastName: null })).toBeNull();
  });
});
