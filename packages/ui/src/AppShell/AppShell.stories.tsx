import type { Meta, StoryObj } from "@storybook/react-vite";
import { LanguageSwitch } from "../LanguageSwitch/LanguageSwitch";
import { AppShell } from "./AppShell";

const nav = (
  <ul>
    <li><a href="#resumen">Resumen</a></li>
    <li><a href="#casas">Casas refugio</a></li>
    <li><a href="#seguimiento">Seguimiento</a></li>
  </ul>
);

const meta = {
  title: "Layout/AppShell",
  component: AppShell,
  parameters: { layout: "fullscreen" },
  args: {
    title: "Refugio",
    lang: "es",
    nav,
    actions: <LanguageSwitch lang="es" onChange={() => undefined} />,
    children: <p>Indicadores de la red de casas refugio.</p>,
    footer: "Datos agregados; celdas pequeñas suprimidas.",
  },
} satisfies Meta<typeof AppShell>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Spanish: Story = {};
export const English: Story = {
  args: {
    lang: "en",
    actions: <LanguageSwitch lang="en" onChange={() => undefined} />,
    children: <p>Shelter network indicators.</p>,
    footer: "Aggregated data; small cells suppressed.",
  },
};
export const WithoutNav: Story = { args: { nav: undefined, footer: undefined } };
