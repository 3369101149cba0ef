/** The `tocsin` command line; the app layer runs it with the services it injects. */
export { main } from "./main.js";
export type { CliServices } from "./main.js";
export type { ServeAction, ServeFlags } from "./serve-command.js";
