import { useEffect, useId, useRef, type ReactNode } from "react";

// Set on navigation; the next page heading present in the document takes the focus.
let focusRequested = false;

/** Ask for the current page's heading to take focus (now if mounted, else when it mounts). */
export function requestHeadingFocus(): void {
  const heading = document.querySelector<HTMLElement>("[data-page-heading]");
  if (heading) {
    heading.focus();
    focusRequested = false;
  } else {
    focusRequested = true;
  }
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
