// @vitest-environment jsdom
import { act, fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { LangSwitch, renderWithLang } from "../../test/render";
import { UploadPage } from "./UploadPage";

const failing = {
  mutateAsync: () => Promise.reject(new Error("El lote es demasiado grande / The batch is too large")),
};
vi.mock("./useUpload", () => ({
  useIngest: () => ({ check: failing, load: failing }),
  useIngestHistory: () => ({ data: [], error: null, isPending: false, refetch: () => undefined }),
}));

describe("UploadPage", () => {
  it("shows an upload error in the language chosen after it happened", async () => {
    renderWithLang(
      <>
        <LangSwitch />
        <UploadPage />
      </>,
    );
    const input = document.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error("no file input");
    fireEvent.change(input, { target: { files: [new File(["stay_id\n1\n"], "stays.csv", { type: "text/csv" })] } });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Revisar sin cargar" }));
    });
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("El lote es demasiado grande");
    fireEvent.click(screen.getByRole("button", { name: "English" }));
    expect(screen.getByRole("alert").textContent).toBe("The batch is too large");
  });
});
