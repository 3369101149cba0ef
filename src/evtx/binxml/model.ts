/**
 * The parsed form of BinXML: a small tree in which template bodies keep their substitution
 * placeholders, so a template is parsed once per chunk and filled per record.
 */

/** A decoded substitution value. 64-bit integers beyond 2^53 stay `bigint` so XML stays exact. */
export type BinXmlValue = null | string | number | bigint | boolean | readonly BinXmlValue[] | BinXmlFragment;

/** Nested BinXML carried by a substitution value of type 0x21. */
export interface BinXmlFragment {
  readonly kind: "fragment";
  readonly nodes: readonly BinXmlNode[];
}

/** An attribute: its name and the value tokens that make up its text. */
export interface AttributeNode {
  readonly name: string;
  readonly value: readonly BinXmlNode[];
}

/** An element with its attributes and content. */
export interface ElementNode {
  readonly kind: "element";
  readonly name: string;
  readonly attributes: readonly AttributeNode[];
  readonly children: readonly BinXmlNode[];
  /**
   * Set at parse time when every child element has a fixed, distinct JSON key (no
   * substitutions or templates among the children): rendering can then skip duplicate checks.
   */
  readonly staticKeys?: boolean;
}

/** A parsed template definition, cached per chunk by its offset. */
export interface TemplateDefinition {
  readonly offset: number;
  readonly guid: string;
  readonly nodes: readonly BinXmlNode[];
}

/** One node of the tree. */
export type BinXmlNode =
  | ElementNode
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "cdata"; readonly value: string }
  | { readonly kind: "charref"; readonly code: number }
  | { readonly kind: "entityref"; readonly name: string }
  | { readonly kind: "pi"; readonly target: string; readonly data: string }
  | { readonly kind: "substitution"; readonly index: number; readonly valueType: number; readonly optional: boolean }
  | { readonly kind: "template"; readonly template: TemplateDefinition; readonly values: readonly BinXmlValue[] };

/** XML's predefined entities, used when rendering entity references as text. */
export const XML_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};
