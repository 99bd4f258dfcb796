import { readFileSync } from "node:fs";

/** Reads a CSV file with a header line into one record per row (RFC 4180 quoting; no embedded newlines). */
export function readCsv(path: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(path, "utf8").split(/\r?\n/).filter((line) => line.trim() !== "");
  if (header === undefined) return [];
  const names = splitLine(header);
  return rows.map((row) => {
    const values = splitLine(row);
    return Object.fromEntries(names.map((name, i) => [name, values[i] ?? ""]));
  });
}

function splitLine(line: string): string[] {
  const values: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      current += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === "," && !quoted) {
      values.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  values.push(current);
  return values;
}
