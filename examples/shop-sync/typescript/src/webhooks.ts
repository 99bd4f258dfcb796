import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebhookEvent, WebhookVerificationError, type WebhookVerifier } from "@tagapi/client";

/**
 * The shop's webhook receiver: verifies every delivery with the endpoint's secret before handing the typed event
 * on, answers 400 to anything unsigned or stale, and drops events it has already seen (delivery is at least once).
 */
export class WebhookReceiver {
  readonly #server: Server;
  readonly #seen = new Set<string>();
  #verifier: WebhookVerifier | undefined;
  rejected = 0;

  constructor(onEvent: (event: WebhookEvent) => void) {
    this.#server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      try {
        if (this.#verifier === undefined) throw new WebhookVerificationError("no_matching_signature", "no secret yet");
        const event = await this.#verifier.verify(req.headers, Buffer.concat(chunks));
        res.writeHead(204).end();
        if (!this.#seen.has(event.id)) {
          this.#seen.add(event.id);
          onEvent(event);
        }
      } catch (error) {
        this.rejected += 1;
        res.writeHead(error instanceof WebhookVerificationError ? 400 : 500).end();
      }
    });
  }

  /** Listens on loopback; a real shop would listen behind its HTTPS front door. */
  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(port, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/webhooks/tagapi`;
  }

  /** Starts accepting deliveries signed with this endpoint's secret. */
  trust(verifier: WebhookVerifier): void {
    this.#verifier = verifier;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
