import type { Meta, StoryObj } from "@storybook/react-vite";
import { useState } from "react";
import type { Lang } from "../i18n";
import { LanguageSwitch } from "./LanguageSwitch";

const meta = {
  title: "Navigation/LanguageSwitch",
  component: LanguageSwitch,
  args: { lang: "es", onChange: () => undefined },
} satisfies Meta<typeof LanguageSwitch>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Spanish: Story = {};
export const English: Story = { args: { lang: "en" } };
export const Interactive: Story = {
  render: function Render(args) {
    const [lang, setLang] = useState<Lang>(args.lang);
    return <LanguageSwitch lang={lang} onChange={setLang} />;
  },
};
