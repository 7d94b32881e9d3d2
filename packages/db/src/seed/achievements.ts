import { seedId } from './ids.ts';

export type AchievementMetric =
  | 'items_owned'
  | 'primed'
  | 'finished'
  | 'showcase'
  | 'unpainted'
  | 'armies'
  | 'following'
  | 'likes_received'
  | 'painting_minutes'
  | 'game_systems';

export interface AchievementDef {
  id: string;
  name: string;
  description: string;
  category: 'collection' | 'painting' | 'social' | 'milestone';
  points: number;
  metric: AchievementMetric;
  target: number;
}

function def(
  name: string,
  description: string,
  category: AchievementDef['category'],
  points: number,
  metric: AchievementMetric,
  target: number,
): AchievementDef {
  return { id: seedId('achievement', name), name, description, category, points, metric, target };
}

export const ACHIEVEMENTS: readonly AchievementDef[] = [
  def('First Coat', 'Prime your first model.', 'painting', 10, 'primed', 1),
  def('Battle Ready', 'Finish painting your first model.', 'painting', 20, 'finished', 1),
  def('Table Ready', 'Finish painting ten models.', 'painting', 50, 'finished', 10),
  def('Showcase Standard', 'Bring a model to showcase standard.', 'painting', 50, 'showcase', 1),
  def(
    'Marathon Painter',
    'Log 1,000 minutes of painting sessions.',
    'painting',
    40,
    'painting_minutes',
    1000,
  ),
  def('Collector', 'Add ten items to your collection.', 'collection', 10, 'items_owned', 10),
  def('Hoarder', 'Own thirty items at once.', 'collection', 30, 'items_owned', 30),
  def('Pile of Potential', 'Have ten unpainted items waiting for you.', 'collection', 15, 'unpainted', 10),
  def(
    'Multi-system General',
    'Collect models for three different game systems.',
    'collection',
    25,
    'game_systems',
    3,
  ),
  def('Army Builder', 'Create your first army list.', 'milestone', 15, 'armies', 1),
  def('Social Butterfly', 'Follow five other hobbyists.', 'social', 10, 'following', 5),
  def('Crowd Favourite', 'Receive ten likes on your models.', 'social', 30, 'likes_received', 10),
];

export function achievementRow(achievement: AchievementDef, createdAt: string) {
  return {
    id: achievement.id,
    name: achievement.name,
    description: achievement.description,
    icon_url: null,
    category: achievement.category,
    points: achievement.points,
    criteria: { metric: achievement.metric, target: achievement.target },
    is_active: true,
    created_at: createdAt,
  };
}
