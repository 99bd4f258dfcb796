import type { components } from "./generated/openapi.js";

/** A stable problem code; codes may be added, so an unknown one is treated by its HTTP status. */
export type ProblemCode = components["schemas"]["ProblemCode"] | (string & {});
/** One problem in a segment query (`query_invalid`), with its position. */
export type QueryError = components["schemas"]["QueryErrorResponse"];
/** Why one item of a refused batch was refused (`batch_rejected`). */
export type BatchItemError = components["schemas"]["BatchItemError"];

type ProblemBody = Partial<components["schemas"]["Problem"]>;

/**
 * An RFC 9457 problem answered by TagApi, thrown by `unwrap`, paging and `graphql()`. Branch on `code`
 * (stable and machine-readable) rather than on `message`.
 */
export class TagApiProblem extends Error {
  override readonly name = "TagApiProblem";
  /** The HTTP status. */
  readonly status: number;
  /** The stable problem code, e.g. `validation_failed`, `not_found`, `rate_limited`. */
  readonly code: ProblemCode;
  /** The problem type URI. */
  readonly type: string;
  /** A short summary of the problem type. */
  readonly title: string;
  /** What went wrong in this occurrence, for a person. */
  readonly detail: string | undefined;
  /** Messages per field by the field's JSON name (`activities[2].amount`); empty when the problem has none. */
  readonly errors: Readonly<Record<string, readonly string[]>>;
  /** Every problem of an invalid segment query (`query_invalid`), with its position. */
  readonly queryErrors: readonly QueryError[];
  /** For `batch_rejected`: why each refused item was refused. */
  readonly items: readonly BatchItemError[];
  /** Identifies the request in the server's logs. */
  readonly traceId: string | undefined;
  /** The response that carried the problem (its body already read). */
  readonly response: Response;

  constructor(response: Response, body: unknown) {
    const problem: ProblemBody = typeof body === "object" && body !== null ? (body as ProblemBody) : {};
    const title = problem.title ?? response.statusText;
    super(`${response.status} ${problem.code ?? "http_error"}: ${problem.detail ?? title}`);
    this.response = response;
    this.status = problem.status ?? response.status;
    this.code = problem.code ?? codeForStatus(response.status);
    this.type = problem.type ?? "about:blank";
    this.title = title;
    this.detail = problem.detail ?? undefined;
    this.traceId = problem.traceId;
    this.items = problem.items ?? [];
    const errors = problem.errors;
    this.errors = errors !== undefined && errors !== null && !Array.isArray(errors) ? errors : {};
    this.queryErrors = Array.isArray(errors) ? errors : [];
  }

  /** Reads the problem from a response that is not a success. */
  static async fromResponse(response: Response): Promise<TagApiProblem> {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (a proxy's error page, say): the status alone decides the code.
    }
    return new TagApiProblem(response, body);
  }
}

/** A code for an answer that came without a problem body (from a proxy, say), from its status. */
function codeForStatus(status: number): ProblemCode {
  switch (status) {
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 409: return "conflict";
    case 412: return "precondition_failed";
    case 429: return "rate_limited";
    case 503: return "temporarily_unavailable";
    default: return status >= 500 ? "internal_error" : "bad_request";
  }
}

/** What every openapi-fetch call resolves to. */
export interface ApiResult<TData> {
  data?: TData;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws a `TagApiProblem` when the answer is not a
 * success: `const tag = await unwrap(tagapi.GET("/v1/tags/{idOrKey}", …))`.
 */
export async function unwrap<TData>(call: Promise<ApiResult<TData>> | ApiResult<TData>): Promise<TData> {
  const { data, error, response } = await call;
  if (!response.ok) {
    throw new TagApiProblem(response, error);
  }
  return data as TData;
}
