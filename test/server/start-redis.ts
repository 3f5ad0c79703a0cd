/** Debian's redis-server on a free loopback port, persisting nothing, for the BullMQ tests. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort, until } from './server-fixtures.js';
import { connect } from 'node:net';

export const REDIS_SERVER = '/usr/bin/redis-server';

export async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: apt-get install -y redis-server`);
  const port = await freePort();
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await until(() => new Promise<true | undefined>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(undefined));
  }), 10_000, 'redis-server to listen');
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    }),
  };
}
