// Sanctions lists: loads plain one-address-a-line files and OFAC sdn_advanced.xml, versions them, reloads on demand.
import { createHash } from "node:crypto";
import { type FSWatcher, watch } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { UpstreamError } from "../errors.ts";

const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** What one source contributed to a snapshot. */
export interface SourceInfo {
  /** The file's name without its folder, or the URL without credentials, query or fragment (publicSourceName). */
  source: string;
  format: "text" | "ofac-xml";
  sha256: string;
  addressCount: number;
  /** Entries that are not EVM addresses (Tron, Bitcoin…), which this EVM service cannot match. */
  ignoredCount: number;
  /** Date of issue printed in the source (XML) or its folder's README, when known (YYYY-MM-DD). */
  snapshotDate: string | null;
}

/** An immutable set of sanctioned EVM addresses with the version that identifies it. */
export interface SanctionsSnapshot {
  /** 0x-prefixed SHA-256 over the sources' names and hashes. */
  version: string;
  /** Latest date of issue among the sources. */
  snapshotDate: string | null;
  addresses: ReadonlySet<string>;
  sources: SourceInfo[];
  loadedAt: string;
}

interface ParsedSource {
  addresses: string[];
  ignored: number;
  snapshotDate: string | null;
}

/** Parses a plain list: one address per line; blank lines and `#` comments are skipped. */
export function parseTextList(text: string): ParsedSource {
  const addresses: string[] = [];
  let ignored = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (EVM_ADDRESS.test(line)) addresses.push(line.toLowerCase());
    else ignored++;
  }
  return { addresses, ignored, snapshotDate: null };
}

const asArray = <T>(x: T | T[] | undefined): T[] =>
  x === undefined ? [] : Array.isArray(x) ? x : [x];
const textOf = (x: unknown): string => {
  if (typeof x === "string" || typeof x === "number") return String(x);
  if (x && typeof x === "object" && "#text" in x)
    return String((x as { "#text": unknown })["#text"]);
  return "";
};

type XmlNode = Record<string, unknown>;

/**
 * Parses OFAC's `sdn_advanced.xml`: finds the feature types named "Digital Currency Address - <ASSET>" and
 * collects the values of every party feature of those types that is an EVM address.
 */
export function parseOfacAdvancedXml(xml: string): ParsedSource {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    removeNSPrefix: true,
    parseTagValue: false,
    isArray: (name) =>
      [
        "FeatureType",
        "DistinctParty",
        "Profile",
        "Feature",
        "FeatureVersion",
        "VersionDetail",
      ].includes(name),
  });
  const doc = parser.parse(xml) as XmlNode;
  const root = doc.Sanctions as XmlNode | undefined;
  if (!root || typeof root !== "object")
    throw new Error("not an OFAC sdn_advanced.xml document: no <Sanctions>");
  const refs = (root.ReferenceValueSets ?? {}) as XmlNode;
  const featureTypes = asArray(
    ((refs.FeatureTypeValues ?? {}) as XmlNode).FeatureType,
  ) as XmlNode[];
  const currencyTypeIds = new Set(
    featureTypes
      .filter((t) => textOf(t).startsWith("Digital Currency Address"))
      .map((t) => String(t["@ID"])),
  );
  const addresses: string[] = [];
  let ignored = 0;
  const parties = asArray(((root.DistinctParties ?? {}) as XmlNode).DistinctParty) as XmlNode[];
  for (const party of parties) {
    for (const profile of asArray(party.Profile) as XmlNode[]) {
      for (const feature of asArray(profile.Feature) as XmlNode[]) {
        if (!currencyTypeIds.has(String(feature["@FeatureTypeID"]))) continue;
        for (const version of asArray(feature.FeatureVersion) as XmlNode[]) {
          for (const detail of asArray(version.VersionDetail)) {
            const value = textOf(detail).trim();
            if (EVM_ADDRESS.test(value)) addresses.push(value.toLowerCase());
            else if (value) ignored++;
          }
        }
      }
    }
  }
  const issued = root.DateOfIssue as XmlNode | undefined;
  let snapshotDate: string | null = null;
  if (issued) {
    const [y, m, d] = [issued.Year, issued.Month, issued.Day].map((v) => Number(textOf(v)));
    if (y && m && d)
      snapshotDate = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  }
  return { addresses, ignored, snapshotDate };
}

async function readSource(
  source: string,
): Promise<{ name: string; body: string; readmeDate: string | null }[]> {
  if (/^https?:\/\//.test(source)) {
    // fetch refuses URLs with credentials: user and password go as HTTP Basic authorization instead.
    const url = new URL(source);
    const headers: Record<string, string> = {};
    if (url.username || url.password) {
      const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      headers.authorization = `Basic ${Buffer.from(user).toString("base64")}`;
      url.username = "";
      url.password = "";
    }
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(60_000) });
    if (!res.ok) throw new Error(`GET ${publicSourceName(source)} answered ${res.status}`);
    return [{ name: source, body: await res.text(), readmeDate: null }];
  }
  const info = await stat(source);
  if (!info.isDirectory())
    return [{ name: source, body: await readFile(source, "utf8"), readmeDate: null }];
  const entries = (await readdir(source)).filter((f) => /\.(txt|xml)$/i.test(f)).sort();
  let readmeDate: string | null = null;
  const readme = await readFile(path.join(source, "README.md"), "utf8").catch(() => "");
  const match = /snapshot of (\d{4}-\d{2}-\d{2})/i.exec(readme);
  if (match?.[1]) readmeDate = match[1];
  return Promise.all(
    entries.map(async (f) => ({
      name: path.join(source, f),
      body: await readFile(path.join(source, f), "utf8"),
      readmeDate,
    })),
  );
}

/**
 * How a source is named outside the service (API, database, audit): a file by its name only, never the server's
 * folders; a URL without user name, password, query or fragment, where access tokens usually travel.
 */
export function publicSourceName(name: string): string {
  if (!/^https?:\/\//.test(name)) return path.basename(name);
  const url = new URL(name);
  url.username = "";
  url.password = "";
  url.search = "";
  url.hash = "";
  return url.toString();
}

/** Loads every source (files, folders of *.txt / *.xml, http(s) URLs) into one snapshot. */
export async function loadSanctions(sources: string[]): Promise<SanctionsSnapshot> {
  const all = new Set<string>();
  const infos: SourceInfo[] = [];
  /** What the version hashes, by source: the base name of the full path or URL, as it always has. */
  const hashedNames: string[] = [];
  const rawNames: string[] = [];
  for (const source of sources) {
    for (const file of await readSource(source)) {
      const isXml = /\.xml$/i.test(file.name) || file.body.trimStart().startsWith("<");
      const parsed = isXml ? parseOfacAdvancedXml(file.body) : parseTextList(file.body);
      for (const a of parsed.addresses) all.add(a);
      hashedNames.push(path.basename(file.name));
      rawNames.push(file.name);
      infos.push({
        source: publicSourceName(file.name),
        format: isXml ? "ofac-xml" : "text",
        sha256: `0x${createHash("sha256").update(file.body).digest("hex")}`,
        addressCount: new Set(parsed.addresses).size,
        ignoredCount: parsed.ignored,
        snapshotDate: parsed.snapshotDate ?? file.readmeDate,
      });
    }
  }
  // Sorted by the full name as before, so that a version id stays the same for the same files.
  const versionHash = createHash("sha256");
  const order = [...infos.keys()].sort((a, b) =>
    (rawNames[a] ?? "").localeCompare(rawNames[b] ?? ""),
  );
  for (const i of order) versionHash.update(`${hashedNames[i]}\0${infos[i]?.sha256}\n`);
  const dates = infos.map((s) => s.snapshotDate).filter((d): d is string => d !== null);
  return {
    version: `0x${versionHash.digest("hex")}`,
    snapshotDate: dates.sort().at(-1) ?? null,
    addresses: all,
    sources: infos,
    loadedAt: new Date().toISOString(),
  };
}

/** Holds the current snapshot; `reload` swaps it atomically, so screens always see one whole version. */
export class SanctionsLists {
  #current: SanctionsSnapshot;
  #watchers: FSWatcher[] = [];
  #reloadTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly sources: string[],
    first: SanctionsSnapshot,
  ) {
    this.#current = first;
  }

  /** Loads the sources; fails when none can be read, since screening without a list is not allowed. */
  static async open(sources: string[]): Promise<SanctionsLists> {
    return new SanctionsLists(sources, await loadSanctions(sources));
  }

  get current(): SanctionsSnapshot {
    return this.#current;
  }

  /** Whether `address` is on the current list (case-insensitive). */
  isSanctioned(address: string): boolean {
    return this.#current.addresses.has(address.toLowerCase());
  }

  /** Reads the sources again and swaps the snapshot; on failure the old snapshot stays in force. */
  async reload(): Promise<{ previous: SanctionsSnapshot; current: SanctionsSnapshot }> {
    const previous = this.#current;
    try {
      this.#current = await loadSanctions(this.sources);
    } catch (cause) {
      throw new UpstreamError(
        "SANCTIONS_RELOAD_FAILED",
        "The sanctions lists could not be re-read; the previous version stays in force.",
        {
          cause,
        },
      );
    }
    return { previous, current: this.#current };
  }

  /** Watches local sources and calls `onChange` (debounced) after they change. */
  watch(onChange: () => void): void {
    for (const source of this.sources.filter((s) => !/^https?:\/\//.test(s))) {
      try {
        const w = watch(source, () => {
          clearTimeout(this.#reloadTimer);
          this.#reloadTimer = setTimeout(onChange, 500);
        });
        w.on("error", () => w.close());
        this.#watchers.push(w);
      } catch {
        // A read-only or missing path cannot be watched; the admin reload endpoint still works.
      }
    }
  }

  close(): void {
    clearTimeout(this.#reloadTimer);
    for (const w of this.#watchers) w.close();
    this.#watchers = [];
  }
}
