import { type ApiResult, unwrap } from "./problem.js";

/** One page of a cursor list: TagApi's `{ data, nextCursor }`. */
export interface CursorPage<TItem> {
  data: readonly TItem[];
  nextCursor: string | null;
}

/**
 * Every item of a cursor list, page after page, fetched as the loop asks for them:
 *
 *     for await (const tag of paginate((cursor) => tagapi.GET("/v1/tags", { params: { query: { cursor, limit: 200 } } })))
 *
 * `fetchPage` gets `undefined` for the first page and then each `nextCursor`. A page that fails throws a
 * `TagApiProblem` (after the client's own retries); breaking out of the loop fetches no further page.
 */
export async function* paginate<TItem>(
  fetchPage: (cursor: string | undefined) => Promise<ApiResult<CursorPage<TItem>>>,
): AsyncGenerator<TItem, void, undefined> {
  for await (const page of pages(fetchPage)) {
    yield* page.data;
  }
}

/** Like `paginate`, a page at a time. */
export async function* pages<TItem>(
  fetchPage: (cursor: string | undefined) => Promise<ApiResult<CursorPage<TItem>>>,
): AsyncGenerator<CursorPage<TItem>, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = await unwrap(fetchPage(cursor));
    yield page;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
