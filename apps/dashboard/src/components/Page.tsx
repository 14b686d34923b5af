import { useEffect, useId, useRef, type ReactNode } from "react";

// Set on navigation; the next page heading that mounts takes the focus.
let focusRequested = false;

/**
 * Ask for the current page's heading to take focus: now if it is in the document and can take
 * it, else when it mounts. While a lazily loaded page is fetched, the previous page's heading is
 * still in the document but hidden behind the loading indicator: focusing it fails, so the
 * request waits for the new page's heading instead of being spent on the old one.
 */
export function requestHeadingFocus(): void {
  const heading = document.querySelector<HTMLElement>("[data-page-heading]");
  heading?.focus();
  focusRequested = !heading || document.activeElement !== heading;
}

interface PageProps {
  title: string;
  intro?: ReactNode;
  children?: ReactNode;
}

/** A page's outline: the h2 is the target of focus after navigation (the shell's h1 is the product). */
export function Page({ title, intro, children }: PageProps) {
  const id = useId();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusRequested) {
      focusRequested = false;
      ref.current?.focus();
    }
  }, []);
  return (
    <section aria-labelledby={id} className="page">
      <h2 id={id} ref={ref} tabIndex={-1} data-page-heading="">
        {title}
      </h2>
      {intro ? <p className="page__intro">{intro}</p> : null}
      {children}
    </section>
  );
}
