import type { BinXmlNode } from "./model.js";

/** Whether the children's JSON keys are fixed and distinct (see `ElementNode.staticKeys`). */
export function staticKeysOf(children: readonly BinXmlNode[]): boolean {
  const seen = new Set<string>();
  for (const c of children) {
    if (c.kind === "substitution" || c.kind === "template") return false;
    if (c.kind !== "element") continue;
    let key = c.name;
    if (key === "Data") {
      const name = c.attributes.find((a) => a.name === "Name");
      const text = name?.value.length === 1 ? name.value[0] : undefined;
      if (text?.kind !== "text") return false;
      key = text.value;
    }
    if (key === "__proto__" || key.startsWith("#") || /_\d+$/.test(key) || seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}
