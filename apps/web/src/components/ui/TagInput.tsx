import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Chip } from './Badge.tsx';
import { FieldShell } from './Field.tsx';
import './TagInput.css';

export interface TagInputProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null | undefined;
  value: string[];
  onChange: (tags: string[]) => void;
  /** Offered as the user types (a <datalist>); any other text is accepted too. */
  suggestions?: readonly string[];
  maxTags?: number;
  maxLength?: number;
  placeholder?: string;
  /** Names one tag in messages: "game system", "paint brand". */
  itemName?: string;
}

/**
 * A list of short names typed one at a time: Enter or a comma adds the text as a chip, Backspace
 * in the empty box takes the last one back. Same name twice (any case) is ignored.
 */
export function TagInput({
  label,
  hint,
  error,
  value,
  onChange,
  suggestions = [],
  maxTags = 20,
  maxLength = 60,
  placeholder,
  itemName = 'tag',
}: TagInputProps) {
  const [draft, setDraft] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const full = value.length >= maxTags;

  const add = (raw: string) => {
    const text = raw.trim().replace(/\s+/g, ' ');
    if (!text) return;
    if (value.some((tag) => tag.toLowerCase() === text.toLowerCase())) {
      setLocalError(`${text} is already in the list`);
      return;
    }
    if (full) {
      setLocalError(`You can add at most ${maxTags}`);
      return;
    }
    onChange([...value, text.slice(0, maxLength)]);
    setDraft('');
    setLocalError(null);
    setAnnouncement(`Added ${text}`);
  };

  const remove = (tag: string) => {
    onChange(value.filter((item) => item !== tag));
    setAnnouncement(`Removed ${tag}`);
    inputRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      // Enter would otherwise submit the whole form.
      event.preventDefault();
      add(draft);
    } else if (event.key === 'Backspace' && draft === '' && value.length > 0) {
      const last = value[value.length - 1];
      if (last) remove(last);
    }
  };

  const available = suggestions.filter(
    (suggestion) => !value.some((tag) => tag.toLowerCase() === suggestion.toLowerCase()),
  );

  return (
    <FieldShell
      label={label}
      hint={hint ?? `Press Enter to add a ${itemName}. ${value.length} of ${maxTags}.`}
      error={localError ?? error}
    >
      {(ids) => (
        <div className="pc-tag-input" onClick={() => inputRef.current?.focus()}>
          {value.length > 0 ? (
            <ul role="list" className="pc-tag-input__tags" aria-label={`Chosen: ${value.length}`}>
              {value.map((tag) => (
                <li key={tag}>
                  <Chip onRemove={() => remove(tag)} removeLabel={`Remove ${tag}`}>
                    {tag}
                  </Chip>
                </li>
              ))}
            </ul>
          ) : null}
          <input
            ref={inputRef}
            className="pc-tag-input__input"
            value={draft}
            maxLength={maxLength}
            placeholder={full ? undefined : placeholder}
            disabled={full}
            list={available.length > 0 ? listId : undefined}
            autoComplete="off"
            onChange={(event) => {
              const text = event.target.value;
              // A pasted "a, b, c" becomes three tags.
              if (text.includes(',')) {
                const parts = text.split(',');
                const rest = parts.pop() ?? '';
                let next = value;
                for (const part of parts) {
                  const name = part.trim();
                  if (
                    name &&
                    !next.some((tag) => tag.toLowerCase() === name.toLowerCase()) &&
                    next.length < maxTags
                  )
                    next = [...next, name.slice(0, maxLength)];
                }
                if (next !== value) onChange(next);
                setDraft(rest);
              } else {
                setDraft(text);
              }
              setLocalError(null);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => add(draft)}
            {...ids}
          />
          {available.length > 0 ? (
            <datalist id={listId}>
              {available.map((suggestion) => (
                <option key={suggestion} value={suggestion} />
              ))}
            </datalist>
          ) : null}
          <span className="visually-hidden" aria-live="polite">
            {announcement}
          </span>
        </div>
      )}
    </FieldShell>
  );
}
