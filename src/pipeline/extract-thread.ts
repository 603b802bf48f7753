/**
 * worker_threads entry for the extract pool: runs `extractOrError` off the main
 * event loop. Messages: {id, html, url, options} in, {id, record, stats} out.
 */
import { parentPort } from 'node:worker_threads';
import { extractOrError, type ExtractOptions } from '../extract/index.js';

export interface ExtractRequest {
  id: number;
  html: string;
  url: string;
  options: ExtractOptions;
}

const port = parentPort;
if (port === null) throw new Error('extract-thread must run as a worker thread');
port.on('message', (msg: ExtractRequest) => {
  const { record, stats } = extractOrError(msg.html, msg.url, msg.options);
  port.postMessage({ id: msg.id, record, stats });
});
