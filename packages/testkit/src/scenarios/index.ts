import { afterAll, afterEach, describe } from 'vitest';
import { closeChromium } from '../chromium.js';
import { admissionScenarios } from './admission.js';
import { clientScenarios } from './client.js';
import { compressionScenarios } from './compression.js';
import { corsScenarios } from './cors.js';
import { disconnectScenarios } from './disconnect.js';
import { featureScenarios } from './features.js';
import { churnScenarios, hostileRequestScenarios, shutdownScenarios } from './hardening.js';
import { Harness } from './Harness.js';
import { limitScenarios } from './limits.js';
import { scaleScenarios } from './scale.js';
import { streamingScenarios } from './streaming.js';
import { topicScenarios } from './topics.js';
import type { ScenarioChannel, Transport } from './transport.js';

export type {
  AppSettings,
  Capabilities,
  ChannelSettings,
  ConnectListener,
  FirstConnectSetting,
  ScenarioChannel,
  ScenarioClient,
  ScenarioConnect,
  ScenarioEvent,
  ServedApp,
  Transport,
} from './transport.js';

/**
 * Runs the shared scenarios against one framework: every adapter, and plain node:http, must pass
 * the same list, against real servers on 127.0.0.1 with the `eventsource` client and raw sockets.
 */
export function runScenarios<C extends ScenarioChannel>(transport: Transport<C>): void {
  describe(`scenarios on ${transport.name}`, () => {
    const h = new Harness(transport);
    afterEach(() => h.cleanup());
    afterAll(() => closeChromium());
    describe('streaming', () => streamingScenarios(h));
    describe('CORS', () => corsScenarios(h));
    describe('authorize and resolvers', () => admissionScenarios(h));
    describe('compression', () => compressionScenarios(h));
    describe('disconnects', () => disconnectScenarios(h));
    describe('scale', () => scaleScenarios(h));
    describe('hostile requests', () => hostileRequestScenarios(h));
    describe('graceful shutdown', () => shutdownScenarios(h));
    describe('churn', () => churnScenarios(h));
    describe('production features', () => featureScenarios(h));
    describe('@sse-channel/client', () => clientScenarios(h));
    describe('limits', () => limitScenarios(h));
    describe('topics', () => topicScenarios(h));
  });
}
