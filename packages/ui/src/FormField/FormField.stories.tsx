import type { Meta, StoryObj } from "@storybook/react-vite";
import { FormField } from "./FormField";

const meta = {
  title: "Forms/FormField",
  component: FormField,
  args: {
    label: "Año",
    lang: "es",
    children: (control) => <input type="number" min={2015} max={2026} defaultValue={2024} {...control} />,
  },
} satisfies Meta<typeof FormField>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Plain: Story = {};
export const WithHint: Story = { args: { hint: "Entre 2015 y el año de la exportación de datos." } };
export const Required: Story = { args: { label: "Usuario", required: true, children: (control) => <input autoComplete="username" {...control} /> } };
export const WithError: Story = {
  args: {
    label: "Evidence",
    lang: "en",
    required: true,
    hint: "What shows the change (a document, a visit); no names.",
    error: "Describe the evidence for the new status.",
    children: (control) => <textarea {...control} />,
  },
};
