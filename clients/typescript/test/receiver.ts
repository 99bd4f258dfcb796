// A webhook receiver on loopback: a plain node:http server that keeps each delivery's headers and raw body.
import { createServer } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Delivery {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Receiver {
  url: string;
  /** The next delivery whose body satisfies `match` (one already received counts). */
  next(match: (body: string) => boolean): Promise<Delivery>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Delivery[] = [];
  const waiting: { match: (body: string) => boolean; resolve: (d: Delivery) => void }[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const delivery = { headers: req.headers, body: Buffer.concat(chunks) };
    received.push(delivery);
    res.writeHead(204).end();
    for (const w of waiting.filter((w) => w.match(delivery.body.toString("utf8")))) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(delivery);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/tagapi`,
    next: (match) => {
      const done = received.find((d) => match(d.body.toString("utf8")));
      return done ? Promise.resolve(done) : new Promise((resolve) => waiting.push({ match, resolve }));
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
