import type { Server } from 'node:http';
import express from 'express';
import { errorHandler } from './errors.ts';
import { metricsEndpoint } from './prometheus.ts';

/** A running /metrics listener: where it is, and how to stop it. */
export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves GET /metrics alone on `host`:`port` (port 0: any free one), with the API's rules (the metrics
 * or admin token), for processes that run a worker or a router and no API.
 */
export async function startMetricsServer(options: {
  host: string;
  port: number;
  adminToken: string;
  metricsToken?: string | undefined;
}): Promise<MetricsServer> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsEndpoint(options));
  app.use((_req, res) => {
    res.status(404).json({ error: { message: 'This listener serves GET /metrics only' } });
  });
  app.use(errorHandler);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port, options.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
