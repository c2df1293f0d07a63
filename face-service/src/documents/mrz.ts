// Reads the machine-readable zone of a passport or ID card (ICAO 9303 TD1, TD2, TD3) with the `mrz` library and
// verifies every check digit. The fictional state "UTO" (Utopia) of the ICAO specimens is accepted and flagged.
import { parse } from "mrz";
import { InvalidMrzError } from "../errors.ts";

/** State code of the specimen documents in ICAO 9303 (Utopia). */
export const SPECIMEN_STATE = "UTO";

/** A parsed, check-digit-verified MRZ. */
export interface MrzDocument {
  readonly format: "TD1" | "TD2" | "TD3";
  /** True when the issuing state or nationality is the ICAO specimen state. */
  readonly specimen: boolean;
  readonly documentNumber: string | null;
  /** Field name → value (dates as YYMMDD, sex as "male" / "female" / "nonspecified"). */
  readonly fields: Record<string, string | null>;
  /** Expiry as an ISO date (20YY-MM-DD), or null when absent. */
  readonly expiresOn: string | null;
  /** Every check digit and whether it matched. */
  readonly checkDigits: { field: string; valid: boolean }[];
}

/** Upper-cases the text, drops spaces and blank lines, and returns the MRZ lines. */
export function normaliseMrz(text: string | readonly string[]): string[] {
  const joined = typeof text === "string" ? text : text.join("\n");
  return joined
    .toUpperCase()
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, ""))
    .filter((line) => line.length > 0);
}

/** YYMMDD expiry → ISO date; MRZ expiry years are taken as 20YY. */
function expiryDate(value: string | null | undefined): string | null {
  if (!value || !/^\d{6}$/.test(value)) return null;
  return `20${value.slice(0, 2)}-${value.slice(2, 4)}-${value.slice(4, 6)}`;
}

/**
 * Parses MRZ text (an array of lines or one string with line breaks). Throws InvalidMrzError when the format is not
 * recognised, a check digit is wrong or a field is malformed; the error lists the failing fields (not their values).
 */
export function readMrz(text: string | readonly string[]): MrzDocument {
  const lines = normaliseMrz(text);
  let result: ReturnType<typeof parse>;
  try {
    result = parse(lines);
  } catch (cause) {
    throw Object.assign(
      new InvalidMrzError("The text is not a TD1, TD2 or TD3 machine-readable zone", {
        lines: lines.length,
        lineLengths: lines.map((l) => l.length),
      }),
      { cause },
    );
  }
  if (result.format !== "TD1" && result.format !== "TD2" && result.format !== "TD3") {
    throw new InvalidMrzError(
      `MRZ format ${result.format} is not supported; send a TD1, TD2 or TD3 MRZ`,
    );
  }
  const isSpecimenState = (field: string | null) =>
    (field === "issuingState" || field === "nationality") &&
    result.details.some(
      (d) =>
        d.field === field &&
        (lines[d.line] ?? "").slice(d.start, d.end).replace(/</g, "") === SPECIMEN_STATE,
    );
  const failures = result.details.filter((d) => !d.valid && !isSpecimenState(d.field));
  if (failures.length > 0) {
    throw new InvalidMrzError("The MRZ has invalid fields or check digits", {
      invalidFields: failures.map((d) => ({
        field: d.field ?? d.label,
        problem: d.error ?? "invalid",
      })),
    });
  }
  const specimen = result.details.some((d) => isSpecimenState(d.field));
  const fields: Record<string, string | null> = {};
  for (const d of result.details) {
    if (!d.field) continue;
    fields[d.field] = isSpecimenState(d.field) ? SPECIMEN_STATE : (d.value ?? null);
  }
  return {
    format: result.format,
    specimen,
    documentNumber: result.documentNumber ?? fields.documentNumber ?? null,
    fields,
    expiresOn: expiryDate(fields.expirationDate),
    checkDigits: result.details
      .filter((d) => d.field?.endsWith("CheckDigit"))
      .map((d) => ({ field: d.field ?? d.label, valid: d.valid })),
  };
}
