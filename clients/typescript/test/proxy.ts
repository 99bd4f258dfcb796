// A loopback proxy in front of the live server that can lose an answer: it forwards a request, lets the server
// finish it, and then closes the connection without replying — what a client sees when a response is dropped.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface DroppingProxy {
  url: string;
  /** Every request that reached the proxy: method, path and Idempotency-Key. */
  seen: { method: string; path: string; idempotencyKey: string | undefined }[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "host"]);

export async function droppingProxy(upstream: string, drop: (req: IncomingMessage, index: number) => boolean): Promise<DroppingProxy> {
  const seen: DroppingProxy["seen"] = [];
  const server: Server = createServer(async (req, res) => {
    const index = seen.push({ method: req.method ?? "GET", path: req.url ?? "/", idempotencyKey: req.headers["idempotency-key"] as string | undefined }) - 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const method = req.method ?? "GET";
    const answer = await fetch(new URL(req.url ?? "/", upstream), {
      method, headers, ...(method === "GET" || method === "HEAD" ? {} : { body: Buffer.concat(chunks) }),
    });
    const body = Buffer.from(await answer.arrayBuffer());
    if (drop(req, index)) {
      res.socket?.destroy();
      return;
    }
    answer.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name) && name !== "content-encoding") res.setHeader(name, value);
    });
    res.writeHead(answer.status).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
