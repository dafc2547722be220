/**
 * Many session channels at once against the translate function (Node, ws clients): each opens
 * `/v1/session` with the token in its subprotocol and permessage-deflate, as Chromium does, then
 * sends one translate message every `intervalMs` (open loop: a message is sent on time whether or
 * not the previous answer came back) for `durationMs`. Latency is per message, send → reply.
 */
import WebSocket from 'ws';

export interface ChannelLoadOptions {
  url: string;
  token: string;
  origin: string;
  channels: number;
  intervalMs: number;
  durationMs: number;
  body: unknown;
}

export interface ChannelLoadResult {
  /** Channels that opened (all of them, or the run failed). */
  opened: number;
  /** Milliseconds from send to reply, every message. */
  latencies: number[];
  /** Replies other than 200, and messages still unanswered at the end (5 s grace). */
  failures: number;
  /** Channels that closed before the end. */
  dropped: number;
  openMs: number;
}

function openOne(options: ChannelLoadOptions): Promise<WebSocket> {
  const ws = new WebSocket(`${options.url.replace(/^http/, 'ws')}/v1/session`, ['tandem.v1', `bearer.${options.token}`], { origin: options.origin, perMessageDeflate: true });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
}

export async function loadChannels(options: ChannelLoadOptions): Promise<ChannelLoadResult> {
  const started = performance.now();
  // Opened a few at a time, as sessions would start: not one burst of 200 handshakes.
  const sockets: WebSocket[] = [];
  for (let i = 0; i < options.channels; i += 20) sockets.push(...(await Promise.all(Array.from({ length: Math.min(20, options.channels - i) }, () => openOne(options)))));
  const openMs = performance.now() - started;
  const latencies: number[] = [];
  let failures = 0;
  let dropped = 0;
  let outstanding = 0;
  const timers: ReturnType<typeof setInterval>[] = [];
  for (const ws of sockets) {
    const sentAt = new Map<number, number>();
    let next = 0;
    ws.on('message', (data) => {
      const reply = JSON.parse(String(data)) as { id: number; status: number };
      const at = sentAt.get(reply.id);
      if (at === undefined) return;
      sentAt.delete(reply.id);
      outstanding--;
      if (reply.status === 200) latencies.push(performance.now() - at);
      else failures++;
    });
    ws.once('close', () => dropped++);
    const send = () => {
      const id = next++;
      sentAt.set(id, performance.now());
      outstanding++;
      ws.send(JSON.stringify({ id, route: '/v1/translate', idempotencyKey: crypto.randomUUID(), body: options.body }));
    };
    // Spread the channels' first messages over one interval, so they do not all fire together.
    const offset = Math.random() * options.intervalMs;
    timers.push(
      setTimeout(() => {
        send();
        timers.push(setInterval(send, options.intervalMs));
      }, offset) as unknown as ReturnType<typeof setInterval>,
    );
  }
  await new Promise((r) => setTimeout(r, options.durationMs));
  for (const t of timers) clearInterval(t);
  const grace = performance.now() + 5_000;
  while (outstanding > 0 && performance.now() < grace) await new Promise((r) => setTimeout(r, 50));
  failures += outstanding;
  const endedEarly = dropped;
  for (const ws of sockets) ws.close();
  return { opened: sockets.length, latencies, failures, dropped: endedEarly, openMs };
}
