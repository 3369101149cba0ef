import { detached } from "../core/index.js";

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
 * Recent texts → an answer about each, at most `capacity` of them, their characters counted
 * against a shared budget. When either is reached the memory starts again empty. Texts are kept
 * as strings of their own (see detached), never as slices of the text they were cut from.
 */
export class TextMemory<V> {
  private readonly answers = new Map<string, V>();
  /** Characters of the texts in `answers`, counted in the budget. */
  private chars = 0;

  constructor(
    private readonly budget: RememberBudget,
    private readonly capacity: number,
  ) {}

  get(text: string): V | undefined {
    return this.answers.get(text);
  }

  /** Remembers an answer, unless the budget has no room for the text even once this memory is emptied. */
  set(text: string, answer: V): void {
    if (this.answers.size >= this.capacity || this.budget.used + text.length > REMEMBERED_CHARS) this.clear();
    if (this.budget.used + text.length > REMEMBERED_CHARS) return;
    this.chars += text.length;
    this.budget.used += text.length;
    this.answers.set(detached(text), answer);
  }

  clear(): void {
    this.answers.clear();
    this.budget.used -= this.chars;
    this.chars = 0;
  }
}
