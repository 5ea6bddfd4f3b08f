/**
 * Counts the SQL statements a server sends to PostgreSQL, by standing between the two as a TCP
 * proxy and reading the frontend protocol: each simple Query ('Q') and each Execute ('E') of the
 * extended protocol is one statement. It needs no server setting (pg_stat_statements,
 * log_statement) and sees exactly what went over the wire, whichever library sent it.
 * Used only for the counting pass; the timed runs connect to PostgreSQL directly.
 */
import net from 'node:net';

export interface StatementCounter {
  port: number;
  /** Statements since the last reset, with their SQL text (of the Parse or Query message). */
  statements(): string[];
  reset(): void;
  /** True when a connection used TLS, whose messages cannot be read: counts are then unknown. */
  unreadable(): boolean;
  close(): Promise<void>;
}

const PROTOCOL_3 = 196608;
const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;

/** Parses one client-to-server stream and reports statements. */
class FrontendParser {
  private buffer: Buffer = Buffer.alloc(0);
  private startup = true;
  private lastParsed = '';
  broken = false;

  constructor(private readonly onStatement: (sql: string) => void) {}

  push(chunk: Buffer) {
    if (this.broken) return;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (this.startup) {
        if (this.buffer.length < 8) return;
        const length = this.buffer.readInt32BE(0);
        if (this.buffer.length < length) return;
        const code = this.buffer.readInt32BE(4);
        if (code === PROTOCOL_3) this.startup = false;
        else if (code !== SSL_REQUEST && code !== GSS_REQUEST) return void (this.broken = true);
        this.buffer = this.buffer.subarray(length);
        continue;
      }
      if (this.buffer.length < 5) return;
      const type = String.fromCharCode(this.buffer[0]);
      const length = this.buffer.readInt32BE(1);
      if (this.buffer.length < 1 + length) return;
      const body = this.buffer.subarray(5, 1 + length);
      if (type === 'Q') this.onStatement(cString(body, 0));
      else if (type === 'P') this.lastParsed = cString(body, body.indexOf(0) + 1);
      else if (type === 'E') this.onStatement(this.lastParsed);
      this.buffer = this.buffer.subarray(1 + length);
    }
  }
}

function cString(buffer: Buffer, start: number): string {
  const end = buffer.indexOf(0, start);
  return buffer.toString('utf8', start, end < 0 ? buffer.length : end);
}

/** Starts a counting proxy on a free loopback port in front of `target` (host:port). */
export function startStatementCounter(targetHost: string, targetPort: number): Promise<StatementCounter> {
  let log: string[] = [];
  let tls = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    const parser = new FrontendParser((sql) => log.push(sql));
    let firstReply = true;
    client.on('data', (chunk: Buffer) => {
      parser.push(chunk);
      if (parser.broken) tls = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      // 'S' answers an SSLRequest: what follows is TLS.
      if (firstReply && chunk.length === 1 && chunk[0] === 0x53) tls = true;
      firstReply = false;
      client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        port,
        statements: () => [...log],
        reset: () => void (log = []),
        unreadable: () => tls,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
