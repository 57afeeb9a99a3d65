// What every route handler may use: the store and the services around it.

import type { AlertingService } from '../alerting/alerting-service.js';
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
  /** Monitors, alerts and notifications (set once the context exists: it needs the context). */
  alerting: AlertingService;
  /** The server's clock (epoch ms); tests pass their own. */
  readonly clock: () => number;
}
