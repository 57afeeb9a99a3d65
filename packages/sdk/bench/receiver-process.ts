// The benchmark's ingest server, in its own process so that its CPU is not counted against the SDK.
// It parses and counts batches without schema validation, so that it is never the bottleneck.
// Prints `listening <port>` once ready; GET /stats answers the counts; exits when stdin closes.

import { Receiver } from '../test/receiver.js';

const receiver = await Receiver.start({ apiKey: process.env.BENCH_API_KEY ?? 'bench-key', record: false, validate: false });
process.stdout.write(`listening ${receiver.port}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void receiver.close().then(() => process.exit(0));
});
