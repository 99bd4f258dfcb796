import type { DocumentTypeDecoration } from "@graphql-typed-document-node/core";
import type { FetchLike } from "./fetch.js";
import { TagApiProblem } from "./problem.js";
import { markReadOnly } from "./retry.js";

/** One error of a GraphQL answer. */
export interface GraphQLErrorEntry {
  message: string;
  path?: readonly (string | number)[];
  locations?: readonly { line: number; column: number }[];
  extensions?: Record<string, unknown> & { code?: string };
}

/** A GraphQL answer with `errors`: the request was understood but (part of) it failed. */
export class TagApiGraphQLError<TResult = unknown> extends Error {
  override readonly name = "TagApiGraphQLError";

  constructor(
    /** Every error of the answer. */
    readonly errors: readonly GraphQLErrorEntry[],
    /** What was answered despite them (partial data), if anything. */
    readonly data: TResult | null | undefined,
  ) {
    super(errors.map((e) => (e.extensions?.code ? `${e.extensions.code}: ${e.message}` : e.message)).join("; "));
  }

  /** The first error's `extensions.code` (e.g. `UNAUTHORIZED`, `COST_LIMIT`), if any. */
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

/** Variables are optional only when the document declares no required ones. */
export type VariablesArgument<TVariables> = Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];

/** Sends typed GraphQL documents to `<baseUrl>/graphql` through the given transport. */
export function graphqlRequester(baseUrl: string, fetch: FetchLike) {
  const endpoint = new URL("graphql", baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`).toString();
  return async function graphql<TResult, TVariables>(
    document: DocumentTypeDecoration<TResult, TVariables> & { toString(): string },
    ...[variables]: VariablesArgument<TVariables>
  ): Promise<TResult> {
    const query = document.toString();
    const request = new Request(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/graphql-response+json, application/json" },
      body: JSON.stringify({ query, variables: variables ?? {} }),
    });
    const response = await fetch(isMutation(query) ? request : markReadOnly(request));
    const type = response.headers.get("Content-Type") ?? "";
    if (!type.includes("json") || (response.status >= 400 && type.includes("problem+json"))) {
      throw await TagApiProblem.fromResponse(response);
    }
    const body = (await response.json()) as { data?: TResult | null; errors?: GraphQLErrorEntry[] };
    if (body.errors !== undefined && body.errors.length > 0) {
      throw new TagApiGraphQLError(body.errors, body.data);
    }
    if (!response.ok || body.data === undefined || body.data === null) {
      throw new TagApiProblem(response, undefined);
    }
    return body.data;
  };
}

/**
 * Whether the document's operation is a mutation: its `mutation` keyword opens the document or follows the end of
 * an earlier definition (a fragment). Only mutations get an idempotency key.
 */
function isMutation(document: string): boolean {
  return /(^|\})\s*mutation\b/.test(document.replace(/#[^\n]*/g, "").trimStart());
}
