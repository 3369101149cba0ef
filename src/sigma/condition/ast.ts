/** A parsed Sigma condition (sigma-rules-specification.md, "Condition"). */
export type ConditionNode =
  | { readonly kind: "and"; readonly children: readonly ConditionNode[] }
  | { readonly kind: "or"; readonly children: readonly ConditionNode[] }
  | { readonly kind: "not"; readonly child: ConditionNode }
  | { readonly kind: "ref"; readonly name: string }
  | { readonly kind: "of"; readonly quantifier: "any" | "all"; readonly pattern: string };
