import type { PushChannel } from './shared-execution';

/** What of a ws WebSocket the push channel uses. */
export interface PushSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  /** ws's underlying TCP socket (not public API, stable across ws 8, which is pinned). */
  _socket?: {
    write(data: Buffer): boolean;
    once(event: 'drain' | 'close', listener: () => void): unknown;
    off(event: 'drain' | 'close', listener: () => void): unknown;
  };
}

/**
 * Writes `next` messages of operation `id` straight to the socket: the frames of one delivery in
 * one buffer and one write. Delivering to thousands of sockets costs per write (a system call
 * each) far more than per byte, and graphql-ws would send and await each message on its own. The
 * frames are plain unmasked text frames, as ws writes them (the server runs without compression,
 * so ws never holds frames back that ours could overtake).
 */
export function pushChannel(socket: PushSocket, id: string, overflow: () => void): PushChannel {
  const prefix = messagePrefix(id);
  const suffix = CLOSING_BRACE;
  return {
    send(payloads: Buffer[]) {
      if (socket.readyState !== 1 || !socket._socket) return;
      let size = 0;
      for (const payload of payloads) {
        const length = prefix.length + payload.length + suffix.length;
        size += frameHeaderLength(length) + length;
      }
      const frames = Buffer.allocUnsafe(size);
      let offset = 0;
      for (const payload of payloads) {
        offset = writeFrameHeader(frames, offset, prefix.length + payload.length + suffix.length);
        offset += prefix.copy(frames, offset);
        offset += payload.copy(frames, offset);
        offset += suffix.copy(frames, offset);
      }
      socket._socket.write(frames);
    },
    bufferedBytes: () => socket.bufferedAmount,
    drained: (timeoutMs: number) =>
      new Promise<boolean>((resolve) => {
        const raw = socket._socket;
        if (!raw || socket.readyState !== 1) return resolve(false);
        const done = (drained: boolean) => {
          clearTimeout(timer);
          raw.off('drain', onDrain);
          raw.off('close', onClose);
          resolve(drained);
        };
        const onDrain = () => done(true);
        const onClose = () => done(false);
        const timer = setTimeout(() => done(false), timeoutMs);
        raw.once('drain', onDrain);
        raw.once('close', onClose);
      }),
    overflow,
  };
}

const CLOSING_BRACE = Buffer.from('}');

/**
 * The start of a `next` message of operation `id`. Most clients number their operations from 1,
 * so the usual ones are made once; others get a buffer of their own, not a slice of Node's shared
 * pool (one small slice would keep its whole 8 KB slab alive as long as the subscription lasts).
 */
const prefixes = new Map<string, Buffer>();
function messagePrefix(id: string): Buffer {
  const known = prefixes.get(id);
  if (known) return known;
  const text = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  const prefix = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  prefix.write(text);
  if (id.length <= 4 && prefixes.size < 1000) prefixes.set(id, prefix);
  return prefix;
}

const frameHeaderLength = (length: number) => (length < 126 ? 2 : length < 65_536 ? 4 : 10);

/** A final, unmasked text frame's header (RFC 6455 §5.2), as a server sends it. */
function writeFrameHeader(target: Buffer, offset: number, length: number): number {
  target[offset] = 0x81;
  if (length < 126) {
    target[offset + 1] = length;
    return offset + 2;
  }
  if (length < 65_536) {
    target[offset + 1] = 126;
    target.writeUInt16BE(length, offset + 2);
    return offset + 4;
  }
  target[offset + 1] = 127;
  target.writeUInt32BE(Math.floor(length / 2 ** 32), offset + 2);
  target.writeUInt32BE(length >>> 0, offset + 6);
  return offset + 10;
}
