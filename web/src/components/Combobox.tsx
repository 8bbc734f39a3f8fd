import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';

export interface Option {
  id: string;
  label: string;
  detail?: string;
}

/**
 * A text input with search-as-you-type suggestions (the WAI-ARIA combobox pattern): arrows move through the
 * list, Enter picks, Escape closes. `fetchOptions` is debounced and aborted when the text changes again.
 */
export function Combobox({
  label,
  value,
  onChange,
  fetchOptions,
  onPick,
  onEnter,
  placeholder,
  hideLabel,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  fetchOptions: (text: string, signal: AbortSignal) => Promise<Option[]>;
  onPick: (option: Option) => void;
  /** Enter with no suggestion highlighted (e.g. submit the question). */
  onEnter?: () => void;
  placeholder?: string;
  hideLabel?: boolean;
}) {
  const id = useId();
  const [options, setOptions] = useState<Option[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const typed = useRef(false);

  useEffect(() => {
    if (!typed.current || value.trim().length < 2) {
      setOptions([]);
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      fetchOptions(value, controller.signal).then(
        (found) => {
          if (controller.signal.aborted) return;
          setOptions(found);
          setActive(-1);
          setOpen(found.length > 0);
        },
        // Suggestions are a convenience: a failed lookup just shows none.
        () => {},
      );
    }, 150);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [value, fetchOptions]);

  const pick = (option: Option) => {
    typed.current = false;
    setOpen(false);
    setOptions([]);
    onPick(option);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && options.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i + 1) % options.length);
    } else if (event.key === 'ArrowUp' && options.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i <= 0 ? options.length - 1 : i - 1));
    } else if (event.key === 'Escape') {
      setOpen(false);
    } else if (event.key === 'Enter') {
      const option = open ? options[active] : undefined;
      if (option) {
        event.preventDefault();
        pick(option);
      } else if (onEnter) {
        event.preventDefault();
        setOpen(false);
        onEnter();
      }
    }
  };

  const listId = `${id}-list`;
  return (
    <div className="combobox">
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <input
        id={id}
        type="search"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
        value={value}
        placeholder={placeholder}
        onChange={(event) => {
          typed.current = true;
          onChange(event.target.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
      />
      <div id={listId} role="listbox" aria-label={`${label} suggestions`} hidden={!open} className="listbox">
        {options.map((option, index) => (
          <div
            key={option.id}
            id={`${listId}-${index}`}
            role="option"
            tabIndex={-1}
            aria-selected={index === active}
            className={index === active ? 'active' : undefined}
            onMouseDown={(event) => {
              event.preventDefault();
              pick(option);
            }}
          >
            <span>{option.label}</span>
            {option.detail && <span className="detail">{option.detail}</span>}
          </div>
        ))}
      </div>
    </div>
  );
}
