// The contract's blank templates (packages/schemas/generated/templates, written by `npm run
// generate`) and the data dictionary (docs/data-dictionary.md), served by the dashboard under
// /templates/ so the Upload page can link them: copied into the build, served as is in
// development. The file list reaches the page as the virtual module "virtual:refugio-templates".
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../..");
const TEMPLATES = join(repoRoot, "packages/schemas/generated/templates");
const DICTIONARY = join(repoRoot, "docs/data-dictionary.md");
/** Published name of the dictionary. */
export const DICTIONARY_FILE = "diccionario-de-datos.md";
const VIRTUAL = "virtual:refugio-templates";

/** Published name → file on disk. */
function files(): Map<string, string> {
  const out = new Map<string, string>();
  if (existsSync(TEMPLATES)) for (const name of readdirSync(TEMPLATES).sort()) out.set(name, join(TEMPLATES, name));
  if (existsSync(DICTIONARY)) out.set(DICTIONARY_FILE, DICTIONARY);
  return out;
}

const TYPES: Record<string, string> = { ".csv": "text/csv; charset=utf-8", ".json": "application/json", ".md": "text/markdown; charset=utf-8", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" };

export function contractFiles(): Plugin {
  return {
    name: "refugio-contract-files",
    resolveId: (id) => (id === VIRTUAL ? `\0${VIRTUAL}` : null),
    load(id) {
      if (id !== `\0${VIRTUAL}`) return null;
      const names = [...files().keys()].filter((n) => n !== DICTIONARY_FILE);
      return `export const templateFiles = ${JSON.stringify(names)};\nexport const dictionaryFile = ${JSON.stringify(existsSync(DICTIONARY) ? DICTIONARY_FILE : null)};\n`;
    },
    generateBundle() {
      for (const [name, path] of files()) this.emitFile({ type: "asset", fileName: `templates/${name}`, source: readFileSync(path) });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /^\/templates\/([\w.-]+)$/.exec(req.url?.split("?")[0] ?? "");
        const path = m?.[1] ? files().get(m[1]) : undefined;
        if (!m?.[1] || !path) return next();
        res.setHeader("content-type", TYPES[/\.\w+$/.exec(m[1])?.[0] ?? ""] ?? "application/octet-stream");
        res.end(readFileSync(path));
      });
    },
  };
}
