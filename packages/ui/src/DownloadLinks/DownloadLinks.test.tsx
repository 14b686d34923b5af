import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { DownloadLinks } from "./DownloadLinks";

describe("DownloadLinks", () => {
  it("links the table's CSV and XLSX files, worded in each language", () => {
    const downloads = { csv: "/downloads/benchmark.csv?input=x", xlsx: "/downloads/benchmark.xlsx?input=x" };
    const { rerender } = render(<DownloadLinks downloads={downloads} />);
    expect(screen.getByRole("link", { name: "Descargar CSV" }).getAttribute("href")).toBe(downloads.csv);
    expect(screen.getByRole("link", { name: "Descargar XLSX" }).getAttribute("href")).toBe(downloads.xlsx);
    rerender(<DownloadLinks downloads={downloads} lang="en" />);
    expect(screen.getByRole("link", { name: "Download CSV" }).hasAttribute("download")).toBe(true);
  });
});
