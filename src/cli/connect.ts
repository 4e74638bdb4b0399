/**
 * `--server URL`: which backend a command uses. Without the option, commands open the data
 * directory as they always have; with it, they call the server at URL with the API key in
 * `CARAVAN_KEY` (for a large import while the service runs, or from another machine).
 */
import type { Command } from 'commander';
import type { Backend } from './backend.js';
import { serverFromOptions } from './http-client.js';
import { localBackend } from './local-backend.js';
import { remoteBackend } from './remote-backend.js';

/** Adds `--server URL` to a command. */
export function withServerOption(cmd: Command): Command {
  return cmd.option('--server <url>', 'use a running Caravan server over HTTP (API key in CARAVAN_KEY) instead of the data directory');
}

/** The backend a command's options ask for: `--server URL`, else the local data directory. */
export function backendFor(opts: { server?: string }): Backend {
  return opts.server === undefined ? localBackend() : remoteBackend(serverFromOptions(opts.server));
}
