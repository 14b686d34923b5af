// First-level subdivisions (ISO 3166-2) of the countries whose networks Refugio ships with: Peru's
// 25 departments plus Lima Metropolitana, Colombia's 32 departments plus Bogotá D.C., Mexico's 32
// federal entities. The registry import refuses a region of these countries that is not listed;
// for other countries only the code's shape is checked. Names as the countries write them.

export const regionNames: Readonly<Record<string, string>> = {
  "PE-AMA": "Amazonas", "PE-ANC": "Áncash", "PE-APU": "Apurímac", "PE-ARE": "Arequipa", "PE-AYA": "Ayacucho",
  "PE-CAJ": "Cajamarca", "PE-CAL": "Callao", "PE-CUS": "Cusco", "PE-HUC": "Huánuco", "PE-HUV": "Huancavelica",
  "PE-ICA": "Ica", "PE-JUN": "Junín", "PE-LAL": "La Libertad", "PE-LAM": "Lambayeque", "PE-LIM": "Lima",
  "PE-LMA": "Lima Metropolitana", "PE-LOR": "Loreto", "PE-MDD": "Madre de Dios", "PE-MOQ": "Moquegua", "PE-PAS": "Pasco",
  "PE-PIU": "Piura", "PE-PUN": "Puno", "PE-SAM": "San Martín", "PE-TAC": "Tacna", "PE-TUM": "Tumbes", "PE-UCA": "Ucayali",

  "CO-AMA": "Amazonas", "CO-ANT": "Antioquia", "CO-ARA": "Arauca", "CO-ATL": "Atlántico", "CO-BOL": "Bolívar",
  "CO-BOY": "Boyacá", "CO-CAL": "Caldas", "CO-CAQ": "Caquetá", "CO-CAS": "Casanare", "CO-CAU": "Cauca",
  "CO-CES": "Cesar", "CO-CHO": "Chocó", "CO-COR": "Córdoba", "CO-CUN": "Cundinamarca", "CO-DC": "Bogotá D.C.",
  "CO-GUA": "Guainía", "CO-GUV": "Guaviare", "CO-HUI": "Huila", "CO-LAG": "La Guajira", "CO-MAG": "Magdalena",
  "CO-MET": "Meta", "CO-NAR": "Nariño", "CO-NSA": "Norte de Santander", "CO-PUT": "Putumayo", "CO-QUI": "Quindío",
  "CO-RIS": "Risaralda", "CO-SAP": "San Andrés, Providencia y Santa Catalina", "CO-SAN": "Santander", "CO-SUC": "Sucre",
  "CO-TOL": "Tolima", "CO-VAC": "Valle del Cauca", "CO-VAU": "Vaupés", "CO-VID": "Vichada",

  "MX-AGU": "Aguascalientes", "MX-BCN": "Baja California", "MX-BCS": "Baja California Sur", "MX-CAM": "Campeche",
  "MX-CHP": "Chiapas", "MX-CHH": "Chihuahua", "MX-CMX": "Ciudad de México", "MX-COA": "Coahuila", "MX-COL": "Colima",
  "MX-DUR": "Durango", "MX-GUA": "Guanajuato", "MX-GRO": "Guerrero", "MX-HID": "Hidalgo", "MX-JAL": "Jalisco",
  "MX-MEX": "Estado de México", "MX-MIC": "Michoacán", "MX-MOR": "Morelos", "MX-NAY": "Nayarit", "MX-NLE": "Nuevo León",
  "MX-OAX": "Oaxaca", "MX-PUE": "Puebla", "MX-QUE": "Querétaro", "MX-ROO": "Quintana Roo", "MX-SLP": "San Luis Potosí",
  "MX-SIN": "Sinaloa", "MX-SON": "Sonora", "MX-TAB": "Tabasco", "MX-TAM": "Tamaulipas", "MX-TLA": "Tlaxcala",
  "MX-VER": "Veracruz", "MX-YUC": "Yucatán", "MX-ZAC": "Zacatecas",
};

/** Countries whose regions are all listed above. */
export const listedRegionCountries: readonly string[] = ["PE", "CO", "MX"];

/** A region's name, or its code when it is not listed (another country). Codes are case-insensitive. */
export function regionName(code: string): string {
  return regionNames[code.toUpperCase()] ?? code;
}
