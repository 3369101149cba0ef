/**
 * Characters of remembered text all the memories sharing one budget may hold (an engine's: up to
 * 32 MB of strings). A memory whose next entry would pass it starts again empty, so the memories
 * in use keep their texts and the bound holds however many log sources, fields and rules there
 * are.
 */
export const REMEMBERED_CHARS = 16 * 1024 * 1024;

/** The characters remembered by the memories that share it. */
export interface RememberBudget {
  used: number;
}

/**
 * Texts a memory holds, counted against a shared budget. `admit` says whether a text of this
 * length may be added once `forget` has been called if needed; the caller then adds it.
 */
export class RememberedTexts {
  private chars = 0;

  constructor(private readonly budget: RememberBudget) {}

  /** True when the memory must start again empty before taking a text of this length. */
  full(length: number): boolean {
    return this.budget.used + length > REMEMBERED_CHARS;
  }

  /** Counts a text the memory took. */
  took(length: number): void {
    this.chars += length;
    this.budget.used += length;
  }

  /** The memory was emptied: its texts leave the budget. */
  emptied(): void {
    this.budget.used -= this.chars;
    this.chars = 0;
  }
}
