/** ATT&CK tactic names, keyed by the short form Sigma tags use (`attack.lateral-movement`). */
const TACTICS: Readonly<Record<string, string>> = {
  reconnaissance: "Reconnaissance",
  "resource-development": "Resource Development",
  "initial-access": "Initial Access",
  execution: "Execution",
  persistence: "Persistence",
  "privilege-escalation": "Privilege Escalation",
  "defense-evasion": "Defense Evasion",
  "credential-access": "Credential Access",
  discovery: "Discovery",
  "lateral-movement": "Lateral Movement",
  collection: "Collection",
  "command-and-control": "Command and Control",
  exfiltration: "Exfiltration",
  impact: "Impact",
};

const TECHNIQUE = /^attack\.(t\d{4}(?:\.\d{3})?)$/i;

/** The ATT&CK tactics and techniques a rule's tags name, each once, in tag order. */
export interface AttackTags {
  /** Tactic names as ATT&CK writes them: `Lateral Movement`. */
  readonly tactics: readonly string[];
  /** Technique ids in upper case: `T1021.002`. */
  readonly techniques: readonly string[];
}

/**
 * Reads Sigma's `attack.*` tags: `attack.<tactic>` (with `-` or `_`) and `attack.tNNNN[.NNN]`.
 *
 * @example attackTags(["attack.execution", "attack.t1059.001"]) // { tactics: ["Execution"], techniques: ["T1059.001"] }
 */
export function attackTags(tags: readonly string[]): AttackTags {
  // A rule's tags are read for every alert it raises; its list is kept, so its answer is too.
  let known = readTags.get(tags);
  if (known === undefined) {
    known = readAttackTags(tags);
    readTags.set(tags, known);
  }
  return known;
}

const readTags = new WeakMap<readonly string[], AttackTags>();

function readAttackTags(tags: readonly string[]): AttackTags {
  const tactics: string[] = [];
  const techniques: string[] = [];
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    if (!lower.startsWith("attack.")) continue;
    const technique = TECHNIQUE.exec(lower);
    if (technique) {
      const id = (technique[1] as string).toUpperCase();
      if (!techniques.includes(id)) techniques.push(id);
      continue;
    }
    const name = TACTICS[lower.slice("attack.".length).replaceAll("_", "-")];
    if (name && !tactics.includes(name)) tactics.push(name);
  }
  return { tactics: Object.freeze(tactics), techniques: Object.freeze(techniques) };
}
