// The frame both of Compare's spine views share (one shelter, one region): the section Compare's
// tests and styles find, its heading and introduction, and the choice of the unit profiled.
import type { ReactNode } from "react";
import { SelectField, type Option } from "../../components/SelectField";

export function SpineSection({ title, intro, choose, children }: { title: string; intro: string; choose: { label: string; value: string; options: readonly Option[]; onChange(value: string): void }; children: ReactNode }) {
  return (
    <section aria-labelledby="compare-spine" className="compare-spine" data-testid="compare-spine">
      <h3 id="compare-spine">{title}</h3>
      <p className="note">{intro}</p>
      <div className="filters">
        <SelectField label={choose.label} value={choose.value} options={choose.options} onChange={choose.onChange} />
      </div>
      {children}
    </section>
  );
}
