import { Component, type ReactNode } from "react";

interface Props {
  /** Message shown instead of the page (already in the reader's language). */
  message: string;
  retryLabel: string;
  /** Changing this (e.g. the path) clears the error, so navigating away recovers. */
  resetKey: string;
  children: ReactNode;
}

/** One failing page (or a chunk that did not load) must not blank the whole app. */
export class ErrorBoundary extends Component<Props, { error: Error | null; key: string }> {
  override state: { error: Error | null; key: string } = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: { error: Error | null; key: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="notice notice--error">
        <p>{this.props.message}</p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {this.props.retryLabel}
        </button>
      </div>
    );
  }
}
