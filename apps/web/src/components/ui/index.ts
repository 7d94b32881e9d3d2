export { Alert, type AlertProps, type AlertTone } from './Alert.tsx';
export { Avatar, type AvatarProps } from './Avatar.tsx';
export { Badge, Chip, type BadgeProps, type ChipProps, type Tone } from './Badge.tsx';
export { Button, ButtonLink, buttonClassName, type ButtonProps, type ButtonLinkProps } from './Button.tsx';
export { Card, CardHeader, type CardProps } from './Card.tsx';
export { cx } from './cx.ts';
export { Dialog, type DialogProps } from './Dialog.tsx';
export { EmptyState, type EmptyStateProps } from './EmptyState.tsx';
export { ErrorState, type ErrorStateProps } from './ErrorState.tsx';
export {
  FieldShell,
  PasswordField,
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
export { RadioCards, type RadioCardOption, type RadioCardsProps } from './RadioCards.tsx';
export { Skeleton, SkeletonText } from './Skeleton.tsx';
export { Spinner } from './Spinner.tsx';
export { TagInput, type TagInputProps } from './TagInput.tsx';
export { Checkbox, Switch, type CheckboxProps } from './Toggle.tsx';
export { ToastProvider, useToast, type ToastInput, type ToastTone } from './Toast.tsx';
export { VisuallyHidden } from './VisuallyHidden.tsx';
