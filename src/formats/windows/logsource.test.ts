import { describe, expect, it } from "vitest";
import { windowsLogSource } from "./logsource.js";

describe("windowsLogSource", () => {
  it("gives the same object for the same channel and id, so the engine can go by identity", () => {
    const a = windowsLogSource("Microsoft-Windows-Sysmon/Operational", 1);
    expect(a).toEqual({ product: "windows", service: "sysmon", categories: ["process_creation"] });
    expect(windowsLogSource("Microsoft-Windows-Sysmon/Operational", 1)).toBe(a);
    expect(windowsLogSource("Security", 4688)).toEqual({
      product: "windows",
      service: "security",
      categories: ["process_creation"],
    });
    expect(windowsLogSource(undefined, 1)).toEqual({ product: "windows", categories: [] });
  });

  it("tells Sysmon 12's creations from deletions by EventType, each shared", () => {
    const channel = "Microsoft-Windows-Sysmon/Operational";
    const created = windowsLogSource(channel, 12, "CreateKey");
    const deleted = windowsLogSource(channel, 12, "DeleteKey");
    expect(created.categories).toEqual(["registry_event", "registry_add"]);
    expect(deleted.categories).toEqual(["registry_event", "registry_delete"]);
    expect(windowsLogSource(channel, 12, "CreateKey")).toBe(created);
    expect(windowsLogSource(channel, 12).categories).toEqual(["registry_event", "registry_add", "registry_delete"]);
  });

  it("stays right, and bounded, when a flood of channels passes the cache's limit", () => {
    for (let i = 0; i < 12_000; i++) windowsLogSource(`Flood-${i}`, i);
    const late = windowsLogSource("Microsoft-Windows-PowerShell/Operational", 4104);
    expect(late).toEqual({ product: "windows", service: "powershell", categories: ["ps_script"] });
    expect(windowsLogSource("Flood-11999", 11_999)).toEqual({ product: "windows", categories: [] });
  });
});
