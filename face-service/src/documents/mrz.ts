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

/** Line length of each MRZ format, ICAO 9303 parts 4–6. */
const LINE_LENGTH = { TD1: 30, TD2: 36, TD3: 44 } as const;

/** Adds or removes `<` in the longest run of fillers so that `line` has `length` characters. */
function fitLength(line: string, length: number): string {
  if (line.length === length) return line;
  const runs = [...line.matchAll(/<+/g)];
  const longest = runs.reduce<RegExpExecArray | null>(
    (best, run) => (!best || run[0].length >= best[0].length ? run : best),
    null,
  );
  if (!longest) return line;
  const kept = Math.max(1, longest[0].length + length - line.length);
  return (
    line.slice(0, longest.index) + "<".repeat(kept) + line.slice(longest.index + longest[0].length)
  );
}

/**
 * Picks the MRZ out of OCR text: the last 3 lines of about 30 characters (TD1) or the last 2 of about 36 (TD2) or
 * 44 (TD3), spaces removed; a miscounted run of `<` fillers is fitted to the line length (check digits guard every
 * field where that could matter, except the names). Returns null when the text holds no MRZ-shaped lines.
 */
export function mrzLinesFromText(text: string): string[] | null {
  const lines = text
    .toUpperCase()
    .split(/\r?\n/)
    .map((line) => line.replace(/[^A-Z0-9<]/g, ""))
    .filter((line) => line.length >= 24);
  const near = (group: string[], length: number, slack: number) =>
    group.every((line) => Math.abs(line.length - length) <= slack) &&
    group.some((line) => line.includes("<"));
  const last3 = lines.slice(-3);
  if (last3.length === 3 && near(last3, LINE_LENGTH.TD1, 3))
    return last3.map((l) => fitLength(l, LINE_LENGTH.TD1));
  const last2 = lines.slice(-2);
  if (last2.length !== 2) return null;
  for (const length of [LINE_LENGTH.TD3, LINE_LENGTH.TD2]) {
    if (near(last2, length, 3)) return last2.map((l) => fitLength(l, length));
  }
  return null;
}

/**
 * Applies the `mrz` library's corrections of OCR confusions by field type (a letter O in a numeric field becomes 0,
 * a digit 0 in an alphabetic field becomes O, and likewise 1/I, 2/Z, 5/S, 6/G, 8/B); the check digits are then
 * verified on the corrected text. Lines of an unknown format are returned unchanged.
 */
export function correctMrz(lines: readonly string[]): string[] {
  let result: ReturnType<typeof parse>;
  try {
    result = parse(lines, { autocorrect: true });
  } catch {
    return [...lines];
  }
  const chars = lines.map((line) => line.split(""));
  for (const detail of result.details) {
    for (const fix of detail.autocorrect) {
      const row = chars[fix.line];
      if (row && row[fix.column] === fix.original) row[fix.column] = fix.corrected;
    }
  }
  return chars.map((row) => row.join(""));
}

/** Characters OCR confuses in the OCR-B font, and what each may really be. */
const LOOKALIKES: Record<string, string> = {
  "0": "OD",
  O: "0D",
  D: "0O",
  Q: "0O",
  "8": "B",
  B: "8",
  "5": "S",
  S: "5",
  "2": "Z",
  Z: "2",
  "1": "I",
  I: "1",
  "6": "G",
  G: "6",
};
/** Most characters a repair changes; each change tried multiplies the chance of a false match. */
const MAX_REPAIR_CHANGES = 2;

interface Position {
  line: number;
  column: number;
}

/** Look-alike characters inside the fields covered by failing check digits (not the composite). */
function suspectPositions(lines: readonly string[]): Position[] {
  let details: ReturnType<typeof parse>["details"];
  try {
    details = parse(lines).details;
  } catch {
    return [];
  }
  const positions: Position[] = [];
  for (const d of details) {
    if (d.valid || !d.field?.endsWith("CheckDigit") || d.field === "compositeCheckDigit") continue;
    for (const range of d.ranges.slice(1)) {
      for (let column = range.start; column < range.end; column++) {
        if (LOOKALIKES[lines[range.line]?.[column] ?? ""])
          positions.push({ line: range.line, column });
      }
    }
  }
  return positions;
}

/** Every reading that differs from `lines` in exactly `changes` of `positions`, each by a look-alike. */
function* variants(
  lines: readonly string[],
  positions: Position[],
  changes: number,
  from = 0,
): Generator<string[]> {
  if (changes === 0) {
    yield [...lines];
    return;
  }
  for (let i = from; i < positions.length; i++) {
    const { line, column } = positions[i] as Position;
    const text = lines[line] ?? "";
    for (const option of LOOKALIKES[text[column] ?? ""] ?? "") {
      const changed = [...lines];
      changed[line] = text.slice(0, column) + option + text.slice(column + 1);
      yield* variants(changed, positions, changes - 1, i + 1);
    }
  }
}

/**
 * Repairs an OCR reading whose field check digits fail by swapping look-alike characters (0/O/D, 8/B, 5/S, 2/Z,
 * 1/I, 6/G) inside the fields those check digits cover: first every single swap, then every pair. The repair is
 * returned only when exactly one reading with the fewest swaps makes every check digit verify, the composite one
 * included; otherwise null.
 */
export function repairMrz(lines: readonly string[]): string[] | null {
  const positions = suspectPositions(lines);
  for (let changes = 1; changes <= Math.min(MAX_REPAIR_CHANGES, positions.length); changes++) {
    const solutions = [...variants(lines, positions, changes)].filter(checksOut);
    if (solutions.length === 1) return solutions[0] ?? null;
    if (solutions.length > 1) return null;
  }
  return null;
}

/** Whether `lines` parse as an MRZ with every check digit valid. */
export function checksOut(lines: readonly string[]): boolean {
  try {
    readMrz(lines);
    return true;
  } catch (error) {
    if (error instanceof InvalidMrzError) return false;
    throw error;
  }
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

/** Parses MRZ lines read by OCR; a check-digit failure names the fields and says that the reading came from OCR. */
export function readOcrMrz(lines: readonly string[]): MrzDocument {
  try {
    return readMrz(lines);
  } catch (error) {
    if (!(error instanceof InvalidMrzError)) throw error;
    throw new InvalidMrzError(
      "The MRZ read from the image failed its check digits (a misread or an altered document); send a sharper, evenly lit photo or the MRZ text in the `mrz` field",
      { ...error.details, source: "ocr" },
    );
  }
}
