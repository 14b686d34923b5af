import { useId, type ReactNode } from "react";

interface PageProps {
  title: string;
  intro?: ReactNode;
  children?: ReactNode;
}

/** A page's outline: the h2 is the target of focus after navigation (the shell's h1 is the product). */
export function Page({ title, intro, children }: PageProps) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="page">
      <h2 id={id} tabIndex={-1} data-page-heading="">
        {title}
      </h2>
      {intro ? <p className="page__intro">{intro}</p> : null}
      {children}
    </section>
  );
}
