import { fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Table, type TableColumn } from "./Table";
import { csvField, toCsv } from "./csv";

interface Row {
  name: string;
  n: number | null;
}
const rows: Row[] = [
  { name: "b", n: 2 },
  { name: "a", n: null },
  { name: "c", n: 10 },
];
const columns: TableColumn<Row>[] = [
  { key: "name", header: "Nombre", rowHeader: true, cell: (r) => r.name, sortValue: (r) => r.name },
  { key: "n", header: "Casos", numeric: true, cell: (r) => (r.n === null ? "—" : String(r.n)), sortValue: (r) => r.n },
  { key: "note", header: "Nota", cell: () => "x" },
];

const rowNames = () => screen.getAllByRole("rowheader").map((c) => c.textContent);

describe("Table", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is named by its caption and sorts by a column, numbers as numbers, missing values last", () => {
    render(<Table caption="Casos por casa" columns={columns} rows={rows} rowKey={(r) => r.name} />);
    const table = screen.getByRole("table", { name: /Casos por casa/ });
    expect(rowNames()).toEqual(["b", "a", "c"]);
    const header = screen.getByRole("columnheader", { name: /Casos/ });
    fireEvent.click(within(header).getByRole("button"));
    expect(header.getAttribute("aria-sort")).toBe("ascending");
    expect(rowNames()).toEqual(["b", "c", "a"]);
    fireEvent.click(within(header).getByRole("button"));
    expect(header.getAttribute("aria-sort")).toBe("descending");
    expect(rowNames()).toEqual(["c", "b", "a"]);
    // A column without a sort value has no button; numeric columns are right-aligned.
    expect(within(screen.getByRole("columnheader", { name: "Nota" })).queryByRole("button")).toBeNull();
    expect(header.className).toBe("rf-num");
    // Not wider than its box: no scroll region, no extra tab stop, no hint.
    expect(table.closest("[role=region]")).toBeNull();
    expect(screen.queryByText(/Desliza la tabla/)).toBeNull();
  });

  it("captionHidden: still named by its caption, which is not shown", () => {
    render(<Table caption="Cuentas" captionHidden columns={columns} rows={rows} rowKey={(r) => r.name} />);
    const table = screen.getByRole("table", { name: /Cuentas/ });
    const caption = table.querySelector("caption");
    expect(caption?.className).toBe("rf-visually-hidden");
    expect(caption?.style.position).toBe("absolute");
  });

  it("when wider than its box: a named, focusable scroll region with a visible hint", () => {
    vi.spyOn(HTMLElement.prototype, "scrollWidth", "get").mockReturnValue(900);
    vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(300);
    render(<Table caption="Casos por casa" columns={columns} rows={rows} rowKey={(r) => r.name} />);
    const region = screen.getByRole("region", { name: "Casos por casa (tabla desplazable)" });
    expect(region.getAttribute("tabindex")).toBe("0");
    const hint = screen.getByText("Desliza la tabla hacia los lados para ver todas las columnas →");
    expect(region.getAttribute("aria-describedby")).toBe(hint.id);
  });

  it("downloads a CSV of the rows shown, in the order shown, with the sortable or CSV columns", async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, "createObjectURL").mockImplementation((b) => {
      blobs.push(b as Blob);
      return "blob:x";
    });
    vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
    render(<Table caption="Casos" columns={columns} rows={rows} rowKey={(r) => r.name} csvFilename="casos" lang="en" initialSort={{ key: "n", direction: "descending" }} />);
    fireEvent.click(screen.getByRole("button", { name: "Download this table as CSV" }));
    expect(click).toHaveBeenCalledOnce();
    expect(blobs).toHaveLength(1);
    // jsdom's Blob has no text(); FileReader reads it (and drops the BOM).
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blobs[0] as Blob);
    });
    expect(text.replace(/^\uFEFF/, "")).toBe("Nombre,Casos\r\nc,10\r\nb,2\r\na,\r\n");
  });

  it("shows the empty state instead of an empty table, and a row's detail under it", () => {
    const { rerender } = render(<Table caption="Casos" columns={columns} rows={[]} rowKey={(r) => r.name} empty={<p>Sin casos en este período</p>} />);
    expect(screen.queryByRole("table")).toBeNull();
    screen.getByText("Sin casos en este período");
    rerender(<Table caption="Casos" columns={columns} rows={rows} rowKey={(r) => r.name} rowDetail={(r) => (r.name === "a" ? "detalle de a" : null)} />);
    const detail = screen.getByText("detalle de a");
    expect(detail.getAttribute("colspan")).toBe("3");
  });
});

describe("csv", () => {
  it("quotes separators and quotes, and defuses formulas", () => {
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvField(-3.5)).toBe("-3.5");
    expect(csvField(null)).toBe("");
    expect(toCsv(["x"], [["línea\n2"]])).toBe('\uFEFFx\r\n"línea\n2"\r\n');
  });
});
