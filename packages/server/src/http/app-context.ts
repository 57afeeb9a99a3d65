// What every route handler may use: the store and the services around it.

import type { ServerConfig } from '../config.js';
import type { ServerMetrics } from '../metrics/server-metrics.js';
import type { ModelService } from '../models/model-service.js';
import type { Profiler } from '../profiler/profiler.js';
import type { Store } from '../storage/store.js';
import type { KeyAuthenticator } from './auth.js';

export interface AppContext {
  readonly config: ServerConfig;
  readonly store: Store;
  readonly models: ModelService;
  readonly metrics: ServerMetrics;
  readonly profiler: Profiler;
  readonly keys: KeyAuthenticator;
  /** The server's clock (epoch ms); tests pass their own. */
  readonly clock: () => number;
}
