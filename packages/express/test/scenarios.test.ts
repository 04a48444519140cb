import express from 'express';
import express4 from 'express4';
import { runScenarios } from '@sse-channel/testkit/scenarios';
import { expressTransport } from './transport.js';

runScenarios(expressTransport('express 5', express));
runScenarios(expressTransport('express 4', express4));
