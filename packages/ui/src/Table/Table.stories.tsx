import type { Meta, StoryObj } from "@storybook/react-vite";
import { formatCount, formatValue, type Lang } from "../i18n";
import { Table, type TableColumn } from "./Table";

interface ShelterRow {
  shelter: string;
  region: string;
  stays: number;
  occupancy: number | null;
}

const rows: ShelterRow[] = [
  { shelter: "hrt-01", region: "Lima", stays: 48, occupancy: 0.82 },
  { shelter: "hrt-02", region: "Cusco", stays: 12, occupancy: null },
  { shelter: "cr-bog-01", region: "Bogotá", stays: 131, occupancy: 0.64 },
  { shelter: "cr-mx-03", region: "Jalisco", stays: 77, occupancy: 0.91 },
];

function columns(lang: Lang): TableColumn<ShelterRow>[] {
  return [
    { key: "shelter", header: lang === "es" ? "Casa refugio" : "Shelter", rowHeader: true, cell: (r) => r.shelter, sortValue: (r) => r.shelter },
    { key: "region", header: "Región", cell: (r) => r.region, sortValue: (r) => r.region },
    { key: "stays", header: lang === "es" ? "Estancias" : "Stays", numeric: true, cell: (r) => formatCount(r.stays, lang), sortValue: (r) => r.stays },
    {
      key: "occupancy",
      header: lang === "es" ? "Ocupación" : "Occupancy",
      numeric: true,
      cell: (r) => (r.occupancy === null ? (lang === "es" ? "sin datos" : "no data") : formatValue(r.occupancy, "proportion", lang)),
      sortValue: (r) => r.occupancy,
    },
  ];
}

/** The generic table with a fixed example row type (Storybook cannot infer a generic's args). */
function ShelterTable({
  lang = "es",
  sorted = false,
  csv = false,
  narrow = false,
  captionHidden = false,
}: {
  lang?: Lang;
  sorted?: boolean;
  csv?: boolean;
  narrow?: boolean;
  captionHidden?: boolean;
}) {
  const caption = lang === "es" ? "Estancias y ocupación por casa refugio, 2024" : "Stays and occupancy by shelter, 2024";
  const table = (
    <Table
      caption={caption}
      captionHidden={captionHidden}
      columns={columns(lang)}
      rows={rows}
      rowKey={(r) => r.shelter}
      lang={lang}
      initialSort={sorted ? { key: "stays", direction: "descending" } : undefined}
      csvFilename={csv ? "estancias-2024" : undefined}
    />
  );
  if (captionHidden) {
    return (
      <section aria-label={caption}>
        <h3>{caption}</h3>
        {table}
      </section>
    );
  }
  return narrow ? <div style={{ width: 220 }}>{table}</div> : table;
}

const meta = {
  title: "Data/Table",
  component: ShelterTable,
  args: { lang: "es" },
} satisfies Meta<typeof ShelterTable>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const SortedByStays: Story = { args: { sorted: true } };
export const WithCsv: Story = { args: { csv: true, lang: "en" } };
/** 220 px wide: the table scrolls inside its region and a hint says so. */
export const Narrow: Story = { args: { narrow: true } };
/** Under a heading that already names it: the caption is still the table's name, but not shown twice. */
export const CaptionUnderHeading: Story = { args: { captionHidden: true } };
