// Baseline for `npm run bench`: the bare Hono "hello" users would otherwise
// write, on @hono/node-server, alone in its own process. Prints its port.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().get('/', (c) => c.text('hello'));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(JSON.stringify({ port: info.port })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
