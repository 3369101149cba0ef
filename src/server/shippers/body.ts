import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ServerContext } from "../context.js";

const gunzipAsync = promisify(gunzip);
const UTF8 = new TextDecoder("utf-8", { fatal: false });

/** Why a shipper's body could not be read. */
export class BodyError extends Error {
  constructor(
    readonly kind: "gzip" | "too-large",
    message: string,
  ) {
    super(message);
    this.name = "BodyError";
  }
}

/** The most a gzip body may inflate to: four times the body limit. */
export function inflatedLimit(ctx: ServerContext): number {
  return ctx.limits.bodyLimit * 4;
}

/**
 * In a Fastify scope: every body is read as bytes (up to the body limit) and, with
 * `Content-Encoding: gzip`, inflated up to inflatedLimit, then decoded as UTF-8 (invalid
 * sequences replaced). A bad or too large gzip body fails with a BodyError.
 */
export function readBodiesAsText(scope: FastifyInstance, ctx: ServerContext): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: ctx.limits.bodyLimit }, (request, body, done) => {
    const encoding = String(request.headers["content-encoding"] ?? "")
      .toLowerCase()
      .trim();
    const bytes = body as Buffer;
    if (encoding !== "gzip" && encoding !== "x-gzip") {
      done(null, UTF8.decode(bytes));
      return;
    }
    gunzipAsync(bytes, { maxOutputLength: inflatedLimit(ctx) }).then(
      (inflated) => done(null, UTF8.decode(inflated)),
      (error: NodeJS.ErrnoException) => {
        const tooLarge = error.code === "ERR_BUFFER_TOO_LARGE" || /maxOutputLength|buffer/i.test(error.message);
        done(
          tooLarge
            ? new BodyError("too-large", `the gzip body inflates to more than ${inflatedLimit(ctx)} bytes`)
            : new BodyError("gzip", `the body is not valid gzip: ${error.message}`),
          undefined,
        );
      },
    );
  });
}

/** The body of a request read by readBodiesAsText. */
export function textBody(request: FastifyRequest): string {
  return typeof request.body === "string" ? request.body : "";
}
