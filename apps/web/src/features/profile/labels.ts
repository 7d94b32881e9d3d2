import type { ExperienceLevel, PrivacyLevel } from '@plastic-crack/api-contract';
import type { IconName } from '../../components/ui/Icon.tsx';

export const EXPERIENCE_LABELS: Record<ExperienceLevel, { title: string; description: string }> = {
  beginner: { title: 'Beginner', description: 'Just starting: first kits, first coats of paint.' },
  intermediate: { title: 'Intermediate', description: 'Comfortable with layering, washes and basing.' },
  advanced: { title: 'Advanced', description: 'Blending, freehand, conversions.' },
  expert: { title: 'Expert', description: 'Display pieces and competition work.' },
};

export const PRIVACY_LABELS: Record<
  PrivacyLevel,
  { title: string; badge: string; description: string; icon: IconName }
> = {
  public: {
    title: 'Public',
    badge: 'Public profile',
    description:
      'Anyone, signed in or not, can see your profile, bio, favourite systems and collection numbers.',
    icon: 'globe',
  },
  friends: {
    title: 'Friends only',
    badge: 'Friends-only profile',
    description:
      'Friends see everything. Everyone else sees only your username and picture, so they can still send you a friend request.',
    icon: 'users',
  },
  private: {
    title: 'Private',
    badge: 'Private profile',
    description: 'Only you. Everyone else gets a “not found” page, as if the profile did not exist.',
    icon: 'lock',
  },
};
