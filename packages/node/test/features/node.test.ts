import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen, stop } from '@sse-channel/testkit';
import SseChannel from '../../src/index.js';
import { featureScenarios } from './scenarios.js';

featureScenarios<ServerResponse, IncomingMessage>('node:http', {
  async serve(options) {
    const channel = new SseChannel(options);
    const server = createServer((req, res) => channel.addClient(req, res));
    const url = `${await listen(server)}/events`;
    return {
      url,
      channel,
      close: async () => {
        channel.close();
        await stop(server);
      },
    };
  },
  header: (request, name) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  },
});
