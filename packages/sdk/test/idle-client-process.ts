// Child process of the "does not keep the process alive" test: a client with queued events and
// nothing else to do must let Node exit (its timers are unref'd).
import { createClient } from '../src/http-client.js';

const client = createClient({ url: 'http://127.0.0.1:9', apiKey: 'k', model: 'm', flushIntervalMs: 500, diagnosticsIntervalMs: 500, onError: () => {} });
for (let i = 0; i < 3; i++) client.logPrediction({ id: `p${i}`, features: { x: i }, prediction: 1 });
client.logPrediction(null as never);
