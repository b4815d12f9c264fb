// antd's Dropdown, loaded when its trigger is first hovered, focused or clicked: the Dropdown brings
// antd's Menu (~17 kB gzip), which a phone page whose header menus stay closed never needs.
// Until then the trigger renders on its own; the first hover or click also opens the menu.
import type { DropdownProps } from 'antd';
import { cloneElement, type FocusEvent, lazy, type MouseEvent, type ReactElement, Suspense, useState } from 'react';

const Dropdown = lazy(() => import('antd/es/dropdown'));

type TriggerProps = {
  onClick?: (e: MouseEvent) => void;
  onMouseEnter?: (e: MouseEvent) => void;
  onFocus?: (e: FocusEvent) => void;
};

export function LazyDropdown({ children, open, onOpenChange, ...props }: DropdownProps & { children: ReactElement }) {
  const [loaded, setLoaded] = useState(false);
  const [ownOpen, setOwnOpen] = useState(false);
  const isOpen = open ?? ownOpen;
  const setOpen = (next: boolean) => {
    if (open === undefined) setOwnOpen(next);
    onOpenChange?.(next, { source: 'trigger' });
  };

  const child = children as ReactElement<TriggerProps>;
  const trigger = loaded
    ? child
    : cloneElement(child, {
        onClick: (e: MouseEvent) => {
          setLoaded(true);
          setOpen(true);
          child.props.onClick?.(e);
        },
        onMouseEnter: (e: MouseEvent) => {
          setLoaded(true);
          if (!props.trigger?.includes('click')) setOpen(true);
          child.props.onMouseEnter?.(e);
        },
        onFocus: (e: FocusEvent) => {
          setLoaded(true);
          child.props.onFocus?.(e);
        },
      });
  if (!loaded) return trigger;
  return (
    <Suspense fallback={trigger}>
      <Dropdown
        {...props}
        open={isOpen}
        onOpenChange={(next, info) => {
          if (open === undefined) setOwnOpen(next);
          onOpenChange?.(next, info);
        }}
      >
        {child}
      </Dropdown>
    </Suspense>
  );
}
