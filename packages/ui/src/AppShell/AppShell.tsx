import type { ReactNode } from "react";
import type { Lang } from "../i18n";

export interface AppShellProps {
  /** Product or page title shown in the header (an h1). */
  title: ReactNode;
  /** Navigation links; wrapped in a labelled <nav>. */
  nav?: ReactNode;
  /** Header-right slot, e.g. a LanguageSwitch or the user's role. */
  actions?: ReactNode;
  footer?: ReactNode;
  children: ReactNode;
  lang?: Lang;
  /** Id of <main>, target of the skip link. */
  mainId?: string;
}

/** Page frame: skip link first in tab order, then banner, navigation and main content. */
export function AppShell({ title, nav, actions, footer, children, lang = "es", mainId = "rf-main" }: AppShellProps) {
  return (
    <div className="rf-shell" lang={lang}>
      <a className="rf-skip" href={`#${mainId}`}>
        {lang === "es" ? "Saltar al contenido" : "Skip to content"}
      </a>
      <header className="rf-shell__header">
        <h1 className="rf-shell__title">{title}</h1>
        {actions ? <div className="rf-shell__actions">{actions}</div> : null}
      </header>
      <div className="rf-shell__body">
        {nav ? (
          <nav className="rf-shell__nav" aria-label={lang === "es" ? "Navegación principal" : "Main navigation"}>
            {nav}
          </nav>
        ) : null}
        {/* tabIndex -1 so the skip link moves keyboard focus, not only the scroll position. */}
        <main id={mainId} tabIndex={-1} className="rf-shell__main">
          {children}
        </main>
      </div>
      {footer ? <footer className="rf-shell__footer">{footer}</footer> : null}
    </div>
  );
}

/** Alias: some screens call the frame a layout. */
export const Layout = AppShell;
export type LayoutProps = AppShellProps;
