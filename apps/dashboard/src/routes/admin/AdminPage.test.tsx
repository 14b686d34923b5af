// @vitest-environment jsdom
// (jsdom's accessible names drop the space before a visually hidden span: hence \s* below.)
import { fireEvent, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithLang } from "../../test/render";
import { detailText, RemoveButton } from "./AdminPage";

const mutate = vi.fn<(input: { username: string }, options?: { onSuccess?: () => void }) => void>();
vi.mock("./useAdmin", () => ({
  useRemoveUser: () => ({ mutate, isPending: false, error: null }),
}));

describe("RemoveButton", () => {
  beforeEach(() => {
    mutate.mockReset();
  });

  it("keeps focus on the buttons as they swap", () => {
    renderWithLang(<RemoveButton username="researcher" />);
    fireEvent.click(screen.getByRole("button", { name: /^Eliminar\s*researcher$/ }));
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Confirmar: eliminar researcher" }));
    fireEvent.click(screen.getByRole("button", { name: /^Cancelar\s*researcher$/ }));
    expect(document.activeElement).toBe(screen.getByRole("button", { name: /^Eliminar\s*researcher$/ }));
    expect(mutate).not.toHaveBeenCalled();
  });

  it("removes on confirmation and hands focus on once the account is gone", () => {
    mutate.mockImplementation((_input, options) => options?.onSuccess?.());
    const onRemoved = vi.fn();
    renderWithLang(<RemoveButton username="researcher" onRemoved={onRemoved} />, "en");
    fireEvent.click(screen.getByRole("button", { name: /^Remove\s*researcher$/ }));
    const confirm = screen.getByRole("button", { name: "Confirm: remove researcher" });
    expect(document.activeElement).toBe(confirm);
    fireEvent.click(confirm);
    expect(mutate).toHaveBeenCalledWith({ username: "researcher" }, expect.anything());
    expect(onRemoved).toHaveBeenCalledWith("researcher");
  });
});

describe("detailText", () => {
  it("shows an audit detail as key: value pairs, and anything else as given", () => {
    expect(detailText('{"role":"researcher","network":null,"batches":[{"status":"loaded"}]}')).toBe('role: researcher; network: null; batches: [{"status":"loaded"}]');
    expect(detailText(null)).toBe("");
    expect(detailText("not json")).toBe("not json");
  });
});
