// NOM-217 Appendix A checklist (91 items) with a short English gloss. The Spanish texts are
// extracted verbatim from the seed into nom217.items.ts; the glosses are hand-written here,
// keyed by table and item number, and a test checks that every item has one.
import { nom217ItemTexts } from "./nom217.items";
import { NOM217_TABLE_SIZES, type Nom217ItemText, type Nom217Table } from "./nom217-types";

export { NOM217_TABLE_SIZES, type Nom217ItemText, type Nom217Table };

export interface Nom217Item extends Nom217ItemText {
  /** Short English label (a gloss, not an official translation). */
  text_en: string | null;
}

/** English glosses by table, in item order (index 0 = item 1). */
const glossEn: Record<Nom217Table, readonly string[]> = {
  A1: [
    "One room per family unit",
    "One toilet and shower per three rooms",
    "Common areas with the minimum necessary equipment and furniture",
    "Dedicated spaces for preparing and eating food, with the minimum necessary equipment and furniture",
    "Dedicated spaces for washing and drying clothes, with the minimum necessary equipment and furniture",
    "Dedicated study spaces with the minimum necessary equipment and furniture",
    "Dedicated spaces for recreation and leisure with the minimum necessary equipment and furniture",
    "Areas for children and adolescents with furniture, equipment and teaching and play materials",
    "Areas for children and adolescents with the necessary safety measures",
    "Separate toilets for administrative and specialist staff",
    "Storage space for non-perishable food",
    "Storage space for linen",
    "Storage space for cleaning supplies",
    "Dedicated areas for administrative work",
    "Desk and chairs for the administrative area",
    "Filing cabinets for the administrative area",
    "Necessary stationery for the administrative area",
    "Computer equipment for the administrative area",
    "Landline telephone service for the administrative area",
    "Internet connection for the administrative area",
    "Multifunction printer/copier for the administrative area",
    "Emotional support (debriefing) spaces for administrative and specialist staff",
    "Reception spaces for users of specialised comprehensive care services",
    "Multi-purpose spaces for training workshops",
    "Multi-purpose spaces for training workshops with the furniture and equipment they need to work",
    "Tables for the training workshop area",
    "Chairs for the training workshop area",
    "Whiteboard/blackboard for the training workshop area",
    "Television screen for the training workshop area",
    "Audio and video player for the training workshop area",
    "Dedicated space for medical care, examination and diagnosis of users of specialised comprehensive care services",
    "Dedicated space for medical care, examination and diagnosis of users, with the specific equipment, accessories and instruments needed",
    "Specialised care space with the furniture and equipment needed, at least for: social work, psychology (women), child psychology, legal and health",
  ],
  A2: [
    "Water and drainage services",
    "Water storage",
    "Gas service",
    "Electricity service",
    "Telephone line",
    "Internet service",
    "Air conditioning or heating suited to the local climate",
    "Rooms and common areas free of tobacco smoke",
    "Rooms and common areas with lighting",
    "Rooms and common areas with ventilation",
    "Rooms and common areas kept hygienic",
    "Rooms with the minimum necessary privacy",
    "Rooms and common areas with the necessary safety measures",
    "Access for people with disabilities",
    "Adaptations needed for people with disabilities to use the facilities",
    "Vehicle to transport users of specialised comprehensive care services and staff",
  ],
  A3: [
    "Perimeter wall at least 2.30 m high",
    "Electrified mesh or razor wire on the wall",
    "Restricted visibility from outside",
    "Iron bars/guards on doors and windows",
    "Guard booth at the main entrance of the refuge",
    "Control of entries and exits of the refuge",
    "Closed-circuit (CCTV) system",
    "Security cameras in common areas",
    "Panic button in strategic areas and places",
    "Document proving civil-protection measures endorsed by the competent authority",
  ],
  A4: [
    "Staff specialised in caring for victims of violence: psychology",
    "Staff specialised in caring for victims of violence: legal",
    "Staff specialised in caring for victims of violence: social work",
    "Staff specialised in caring for victims of violence: medical care, examination and diagnosis",
    "Staff specialised in caring for victims of violence: education (pedagogy)",
    "Staff specialised in caring for victims of violence: self-management and empowerment",
    "Support staff for data systematisation and analysis",
    "Administrative staff",
    "Director with accredited training in care for victims of violence, gender perspective and human rights",
    "Director certified under the current competence standard",
    "General services staff",
    "Specialist, administrative and data staff with a current professional licence, at least two years' experience with victims of violence, and accredited training in gender perspective and human rights",
    "Head of the legal area with proven experience in legal advice, representation and accompaniment",
    "Security and general services staff with knowledge of the gender perspective and at least two years' experience in their field",
  ],
  A5: [
    "Job-placement programmes with related activities and a certificate or official accreditation for the training given",
    "Interpreters or translators when serving indigenous communities or original peoples, deaf people, or blind or visually impaired people",
    "Evaluation surveys of the services provided",
    "Mechanisms to receive complaints, suggestions or comments about the services",
    "House rules for users of specialised comprehensive care services",
    "Single comprehensive case file",
    "Follow-up files",
    "Qualitative and quantitative records of the population served",
    "Informed consent for users of specialised comprehensive care services",
    "Privacy notice",
    "Personal data protection notice",
    "Official referral letter to the refuge",
    "Assessment of the user's risk",
    "Assessment of the aggressor's dangerousness",
    "Documents supporting the admission of girls and under-age women",
    "Documents supporting the provision of services required by the LGAMLV (food, clothing, footwear, specialised care and training programmes)",
    "Safety plan at the user's exit",
    "Follow-up plan at the user's exit",
  ],
};

export const nom217Items: readonly Nom217Item[] = nom217ItemTexts.map((i) => ({
  ...i,
  text_en: glossEn[i.table][i.item_no - 1] ?? null,
}));

export const NOM217_ITEM_COUNT = 91;

export const nom217ItemsByTable = (table: Nom217Table): readonly Nom217Item[] =>
  nom217Items.filter((i) => i.table === table);

export const nom217Item = (table: Nom217Table, itemNo: number): Nom217Item | undefined =>
  nom217Items.find((i) => i.table === table && i.item_no === itemNo);
