import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../limits.js";
import type { BinXmlNode, BinXmlValue, TemplateDefinition } from "./model.js";
import { renderJson } from "./render-json.js";
import { escapeXmlAttribute, escapeXmlText, renderXml } from "./render-xml.js";

const text = (value: string): BinXmlNode => ({ kind: "text", value });
const sub = (index: number, optional = false): BinXmlNode => ({ kind: "substitution", index, valueType: 1, optional });
const el = (
  name: string,
  children: BinXmlNode[] = [],
  attributes: { name: string; value: BinXmlNode[] }[] = [],
): BinXmlNode => ({
  kind: "element",
  name,
  attributes,
  children,
});

function instance(nodes: BinXmlNode[], values: BinXmlValue[]): BinXmlNode[] {
  const template: TemplateDefinition = { offset: 0, guid: "", nodes };
  return [{ kind: "template", template, values }];
}

describe("XML rendering", () => {
  it("escapes text and attribute values", () => {
    expect(escapeXmlText("a<b & c>d")).toBe("a&lt;b &amp; c&gt;d");
    expect(escapeXmlAttribute('say "hi" & <go>')).toBe("say &quot;hi&quot; &amp; &lt;go&gt;");
  });

  it("renders elements, attributes and substitutions, escaping values", () => {
    const nodes = instance(
      [
        el("Event", [
          el("System", [el("EventID", [sub(0)]), el("Provider", [], [{ name: "Name", value: [sub(1)] }])]),
          el("Data", [sub(2)]),
        ]),
      ],
      [4688, 'A&B "quoted"', "<script>"],
    );
    expect(renderXml(nodes, DEFAULT_LIMITS, "")).toBe(
      '<Event><System><EventID>4688</EventID><Provider Name="A&amp;B &quot;quoted&quot;"/></System><Data>&lt;script&gt;</Data></Event>',
    );
  });

  it("indents nested elements and writes empty elements as <X/>", () => {
    const nodes = [el("Event", [el("System", [el("Correlation")])])];
    expect(renderXml(nodes, DEFAULT_LIMITS)).toBe("<Event>\n  <System>\n    <Correlation/>\n  </System>\n</Event>");
  });

  it("drops attributes whose optional substitution is null", () => {
    const nodes = instance([el("Security", [], [{ name: "UserID", value: [sub(0, true)] }])], [null]);
    expect(renderXml(nodes, DEFAULT_LIMITS)).toBe("<Security/>");
    expect(renderJson(nodes, DEFAULT_LIMITS)).toEqual({ Security: null });
  });

  it("keeps entity and character references as references", () => {
    const nodes = [el("H", [text("a"), { kind: "entityref", name: "quot" }, { kind: "charref", code: 60 }])];
    expect(renderXml(nodes, DEFAULT_LIMITS)).toBe("<H>a&quot;&#60;</H>");
    expect(renderJson(nodes, DEFAULT_LIMITS)).toEqual({ H: 'a"<' });
  });

  it("wraps CDATA sections", () => {
    expect(renderXml([el("C", [{ kind: "cdata", value: "x<y" }])], DEFAULT_LIMITS)).toBe("<C><![CDATA[x<y]]></C>");
  });

  it("renders nested BinXML values in place", () => {
    const inner: BinXmlValue = {
      kind: "fragment",
      nodes: [el("EventData", [el("Data", [text("v")], [{ name: "Name", value: [text("K")] }])])],
    };
    const nodes = instance([el("Event", [sub(0)])], [inner]);
    expect(renderXml(nodes, DEFAULT_LIMITS, "")).toBe('<Event><EventData><Data Name="K">v</Data></EventData></Event>');
    expect(renderJson(nodes, DEFAULT_LIMITS)).toEqual({ Event: { EventData: { K: "v" } } });
  });
});

describe("JSON rendering", () => {
  it("numbers repeated element names Name_1, Name_2", () => {
    const nodes = [el("R", [el("H", [text("a")]), el("H", [text("b")]), el("H", [text("c")])])];
    expect(renderJson(nodes, DEFAULT_LIMITS)).toEqual({ R: { H: "a", H_1: "b", H_2: "c" } });
  });

  it("gathers unnamed Data elements under Data.#text", () => {
    const nodes = [el("EventData", [el("Data", [text("x")]), el("Data", [text("")]), el("Data", [text("z")])])];
    expect(renderJson(nodes, DEFAULT_LIMITS)).toEqual({ EventData: { Data: { "#text": ["x", "", "z"] } } });
  });

  it("puts text beside attributes under #text and keeps typed values", () => {
    const nodes = instance([el("EventID", [sub(1)], [{ name: "Qualifiers", value: [sub(0)] }])], [16384, 4625]);
    expect(renderJson(nodes, DEFAULT_LIMITS)).toEqual({
      EventID: { "#attributes": { Qualifiers: 16384 }, "#text": 4625 },
    });
  });

  it("repeats an element once per item of an array substitution, as Windows does", () => {
    const nodes = instance([el("A", [sub(0)]), el("B", [sub(1)])], [["x", "y"], 18446744073709551615n]);
    expect(renderJson(nodes, DEFAULT_LIMITS)).toEqual({ A: "x", A_1: "y", B: 2 ** 64 });
    const data = instance([el("EventData", [el("Data", [sub(0)])])], [["p", "q", "r"]]);
    expect(renderJson(data, DEFAULT_LIMITS)).toEqual({ EventData: { Data: { "#text": ["p", "q", "r"] } } });
    expect(renderXml(data, DEFAULT_LIMITS, "")).toBe(
      "<EventData><Data>p</Data><Data>q</Data><Data>r</Data></EventData>",
    );
  });

  it("keeps an array that shares its element with other content as a JSON array", () => {
    const nodes = instance(
      [el("A", [text("n="), sub(0)]), el("B", [], [{ name: "v", value: [sub(1)] }])],
      [
        [1, 2],
        [3, 4],
      ],
    );
    expect(renderJson(nodes, DEFAULT_LIMITS)).toEqual({ A: "n=1,2", B: { "#attributes": { v: [3, 4] } } });
  });

  it("renders non-finite reals as null, as JSON has no NaN", () => {
    expect(renderJson(instance([el("R", [sub(0)]), el("S", [sub(1)])], [Number.NaN, 0.5]), DEFAULT_LIMITS)).toEqual({
      R: null,
      S: 0.5,
    });
  });

  it("trims whitespace around element text", () => {
    expect(renderJson(instance([el("C", [sub(0)])], ["cmd.exe  "]), DEFAULT_LIMITS)).toEqual({ C: "cmd.exe" });
  });

  it("stores a __proto__ element as an own key", () => {
    const out = renderJson([el("__proto__", [text("x")])], DEFAULT_LIMITS);
    expect(Object.keys(out)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});
