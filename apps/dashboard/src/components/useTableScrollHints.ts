// Wide tables scroll sideways inside their .table-wrap; on a phone that is easy to miss. This
// marks each wrapper whose table is wider than it (data-overflow, with the hint's text for the
// CSS to show), and makes it a named, focusable region so keyboard users can scroll it too.
// One observer for the whole page: the tables themselves stay as each page draws them.
import { useEffect } from "react";

export function markOverflow(wrap: HTMLElement, hint: string): void {
  const over = wrap.scrollWidth > wrap.clientWidth + 1;
  if (over) {
    wrap.setAttribute("data-overflow", "");
    wrap.setAttribute("data-hint", hint);
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", hint);
    wrap.tabIndex = 0;
  } else if (wrap.hasAttribute("data-overflow")) {
    for (const name of ["data-overflow", "data-hint", "role", "aria-label", "tabindex"]) wrap.removeAttribute(name);
  }
}

export function useTableScrollHints(hint: string): void {
  useEffect(() => {
    if (typeof ResizeObserver === "undefined" || typeof MutationObserver === "undefined") return;
    let frame = 0;
    const seen = new WeakSet<Element>();
    const resize = new ResizeObserver(() => schedule());
    const update = () => {
      frame = 0;
      // Page tables, and the data tables that charts reveal on request.
      for (const wrap of document.querySelectorAll<HTMLElement>(".table-wrap, .rf-chart__table")) {
        if (!seen.has(wrap)) {
          seen.add(wrap);
          resize.observe(wrap);
        }
        markOverflow(wrap, hint);
      }
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(update);
    };
    // New tables appear as pages and queries render.
    const mutations = new MutationObserver(schedule);
    mutations.observe(document.body, { childList: true, subtree: true });
    schedule();
    return () => {
      if (frame !== 0) cancelAnimationFrame(frame);
      mutations.disconnect();
      resize.disconnect();
    };
  }, [hint]);
}
