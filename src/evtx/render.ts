import type { EvtxLimits } from "./limits.js";
import { DEFAULT_LIMITS } from "./limits.js";
import type { BinXmlNode } from "./binxml/model.js";
import { renderJson } from "./binxml/render-json.js";
import { renderXml } from "./binxml/render-xml.js";
import type { JsonObject } from "./binxml/text.js";

/**
 * Renders parsed BinXML nodes (from `parseRecordNodes`) as the evtx_dump JSON shape.
 *
 * @example
 * const event = renderRecordJson(nodes); // { Event: { System: {...}, EventData: {...} } }
 */
export function renderRecordJson(nodes: readonly BinXmlNode[], limits: EvtxLimits = DEFAULT_LIMITS): JsonObject {
  return renderJson(nodes, limits);
}

/**
 * Renders parsed BinXML nodes as XML text; `indent` of "" writes one line.
 *
 * @example
 * renderRecordXml(nodes) // '<Event xmlns="...">\n  <System>...'
 */
export function renderRecordXml(
  nodes: readonly BinXmlNode[],
  limits: EvtxLimits = DEFAULT_LIMITS,
  indent = "  ",
): string {
  return renderXml(nodes, limits, indent);
}
