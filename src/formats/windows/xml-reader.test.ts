import { describe, expect, it } from "vitest";
import { readXml, type XmlElement } from "./xml-reader.js";

function root(text: string): XmlElement {
  const r = readXml(text);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

function issue(text: string): { code: string; message: string; line?: number; column?: number } {
  const r = readXml(text);
  if (r.ok) throw new Error("expected a failure");
  const i = r.issues[0];
  if (!i) throw new Error("no issue");
  return { code: i.code, message: i.message, line: i.place?.line, column: i.place?.column };
}

describe("readXml", () => {
  it("reads elements, attributes in either quote, text and empty elements", () => {
    const el = root(`<?xml version="1.0" encoding="utf-8"?>\n<a x="1" y='two'><b/>t</a>`);
    expect(el.name).toBe("a");
    expect(el.attributes).toEqual([
      ["x", "1"],
      ["y", "two"],
    ]);
    expect(el.children).toEqual([{ name: "b", attributes: [], children: [] }, "t"]);
  });

  it("decodes the five predefined entities and decimal and hex character references", () => {
    const el = root("<a v='&quot;&apos;'>&lt;&gt;&amp;&#65;&#x42;&#x1F600;</a>");
    expect(el.attributes[0]?.[1]).toBe(`"'`);
    expect(el.children).toEqual(["<>&AB\u{1F600}"]);
  });

  it("keeps CDATA as text, skips comments and processing instructions, and folds CR LF", () => {
    const el = root("<a><!-- note --><![CDATA[<x> & y]]><?pi data?>\r\nz</a>");
    expect(el.children.join("")).toBe("<x> & y\nz");
  });

  it("normalises tabs and new lines inside attribute values to spaces, but not character references", () => {
    expect(root("<a v='x\ty\nz&#10;'/>").attributes[0]?.[1]).toBe("x y z\n");
  });

  it("reports an unclosed element with the line and column where it opens", () => {
    expect(issue("<a>\n  <b>text\n</a>")).toMatchObject({ code: "FORMAT_BAD_XML", line: 3, column: 1 });
    expect(issue("<a>\n  <b>text")).toMatchObject({
      code: "FORMAT_BAD_XML",
      message: "element <b> is never closed at line 2, column 3",
    });
  });

  it("rejects unknown entities, references to characters XML forbids, and bare ampersands", () => {
    expect(issue("<a>&nbsp;</a>")).toMatchObject({
      code: "FORMAT_BAD_XML",
      message: expect.stringContaining("&nbsp;"),
    });
    expect(issue("<a>&#0;</a>").code).toBe("FORMAT_BAD_XML");
    expect(issue("<a>&#xD800;</a>").code).toBe("FORMAT_BAD_XML");
    expect(issue("<a>fish & chips</a>")).toMatchObject({ line: 1, column: 9 });
  });

  it("refuses DOCTYPE and ENTITY declarations instead of expanding anything", () => {
    const laughs = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<lolz>&lol2;</lolz>`;
    expect(issue(laughs)).toMatchObject({ code: "FORMAT_XML_FORBIDDEN", line: 1, column: 1 });
    expect(issue(`<a><!ENTITY x SYSTEM "file:///etc/passwd"></a>`).code).toBe("FORMAT_XML_FORBIDDEN");
  });

  it("stops 10 000 nested elements at the depth limit quickly, without recursion", () => {
    const deep = "<a>".repeat(10_000) + "</a>".repeat(10_000);
    const start = performance.now();
    expect(issue(deep)).toMatchObject({ code: "FORMAT_XML_LIMIT", message: expect.stringContaining("deeper than 64") });
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it("refuses a 5 MB attribute by the size limit before reading it", () => {
    const big = `<a v="${"x".repeat(5 * 1024 * 1024)}"/>`;
    expect(issue(big)).toMatchObject({ code: "FORMAT_XML_LIMIT", message: expect.stringContaining("over the limit") });
  });

  it("caps the number of elements and reads many attributes in linear time", () => {
    expect(issue(`<a>${"<b/>".repeat(10_001)}</a>`).code).toBe("FORMAT_XML_LIMIT");
    const many = `<a ${Array.from({ length: 50_000 }, (_, i) => `a${i}='${i}'`).join(" ")}/>`;
    const start = performance.now();
    expect(root(many).attributes).toHaveLength(50_000);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it("rejects duplicate attributes, unquoted values, '<' in values, mismatched and stray tags", () => {
    expect(issue("<a x='1' x='2'/>").message).toContain("appears twice");
    expect(issue("<a x=1/>").message).toContain("not quoted");
    expect(issue("<a x='<'/>").message).toContain("'<' inside");
    expect(issue("<a></b>").message).toContain("does not match <a>");
    expect(issue("</a>").message).toContain("without a start tag");
    expect(issue("<a/><b/>").message).toContain("second root");
    expect(issue("junk<a/>").message).toContain("text before the root");
    expect(issue("<a/>junk").message).toContain("text after the root");
    expect(issue("").message).toContain("no root element");
    expect(issue("<a>< b</a>").message).toContain("not followed by an element name");
    expect(issue("<a><!-- never").message).toContain("comment is never closed");
    expect(issue("<a x='1'").message).toContain("never closed");
  });

  it("gives positions relative to a larger text when told where the document starts", () => {
    const r = readXml("<a>\n<b></a>", undefined, { line: 10, column: 5 });
    expect(r.ok ? undefined : r.issues[0]?.place).toEqual({ line: 11, column: 4 });
  });
});
