export { Avatar, type AvatarProps } from './Avatar.tsx';
export { Badge, Chip, type BadgeProps, type ChipProps, type Tone } from './Badge.tsx';
export { Button, ButtonLink, buttonClassName, type ButtonProps, type ButtonLinkProps } from './Button.tsx';
export { Card, CardHeader, type CardProps } from './Card.tsx';
export { cx } from './cx.ts';
export { EmptyState, type EmptyStateProps } from './EmptyState.tsx';
export { ErrorState, type ErrorStateProps } from './ErrorState.tsx';
export {
  Select,
  TextField,
  Textarea,
  type SelectOption,
  type SelectProps,
  type TextFieldProps,
  type TextareaProps,
} from './Field.tsx';
export { Icon, type IconName } from './Icon.tsx';
export { PageHeader, type PageHeaderProps } from './PageHeader.tsx';
export { ProgressBar, type ProgressBarProps } from './ProgressBar.tsx';
export { Skeleton, SkeletonText } from './Skeleton.tsx';
export { Spinner } from './Spinner.tsx';
export { ToastProvider, useToast, type ToastInput, type ToastTone } from './Toast.tsx';
export { VisuallyHidden } from './VisuallyHidden.tsx';
