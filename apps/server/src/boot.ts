import { loadConfig, type ConfigSources } from './config/load';
import type { ArgusConfig } from './config/schema';
import { createContainer, type Container, type ContainerOptions } from './container';
import { seedDemoCamera } from './features/demo/demo-camera';
import { buildServer, type ServerOptions } from './http/server';
import type { ArgusApp } from './http/types';

export interface RunningServer {
  app: ArgusApp;
  container: Container;
  url: string;
  /** One-time link that creates the first administrator, while none exists. */
  setupUrl: string | null;
  setupToken: string | null;
  close(): Promise<void>;
}

/** Starts a whole Argus server: config → container → demo seed → HTTP listen. Used by `npm start` and by tests. */
export async function startServer(
  configOrSources: ArgusConfig | ConfigSources = {},
  options: ContainerOptions & ServerOptions = {},
): Promise<RunningServer> {
  const config = 'server' in configOrSources ? configOrSources : loadConfig(configOrSources);
  const container = await createContainer(config, options);
  let app: ArgusApp | undefined;
  try {
    await seedDemoCamera(container);
    app = await buildServer(container, options);
    await app.listen({ host: config.server.host, port: config.server.port });
    await container.startBackground();
  } catch (err) {
    await app?.close();
    await container.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  const url = config.server.publicUrl?.replace(/\/$/, '') ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const setupToken = await container.setup.issueToken();
  let closed = false;
  const started = app;
  return {
    app: started,
    container,
    url,
    setupToken,
    setupUrl: setupToken ? `${url}/setup?token=${setupToken}` : null,
    close: async () => {
      if (closed) return;
      closed = true;
      await started.close();
      await container.close();
    },
  };
}
