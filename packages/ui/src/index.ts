// Public surface of @refugio/ui. Styles: import "@refugio/ui/styles.css" once in the app.
export * from "./i18n";
export * from "./SuppressedValue/SuppressedValue";
export * from "./AttritionBounds/AttritionBounds";
export * from "./ComparisonBadge/ComparisonBadge";
export * from "./IndicatorCard/IndicatorCard";
export * from "./DataTable/DataTable";
export * from "./DownloadLinks/DownloadLinks";
export * from "./ProgressBar/ProgressBar";
export * from "./Skeleton/Skeleton";
export * from "./LanguageSwitch/LanguageSwitch";
export * from "./AppShell/AppShell";

/** Path of the stylesheet inside the package, for tools that need a file (the export is "./styles.css"). */
export const stylesPath = "@refugio/ui/styles.css";
export * from "./IntervalChart/IntervalChart";
export * from "./FunnelPlot/FunnelPlot";
export * from "./FunnelPlot/funnelLimits";
export * from "./TrendChart/TrendChart";
export type { ChartWidth } from "./internal/chartTheme";
export * from "./tokens";
export * from "./Table/Table";
export { toCsv, csvField, type CsvCell } from "./Table/csv";
export * from "./FormField/FormField";
export * from "./SpineChart/SpineChart";
export * from "./Sparkline/Sparkline";
