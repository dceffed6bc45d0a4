// POST /api/<method>: a JSON list of arguments in, the contract's ApiResult out. Errors the
// service reports are data (HTTP 200); only what never reached the service gets another status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError, LabApi } from '../../src-shared/contract.ts';
import { checkCall, dispatchCall, isLabMethod, malformed } from '../service/dispatch.ts';

/** Imports of a long history are the largest bodies; 16 MiB holds thousands of runs with spans. */
export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

export async function handleApiCall(api: LabApi, method: string, req: IncomingMessage, res: ServerResponse, bodyLimit: number): Promise<void> {
  if (req.method !== 'POST') {
    sendJson(res, 405, malformed(`${method}: use POST`), { Allow: 'POST' });
    return;
  }
  if (!isLabMethod(method)) {
    // Same data as any malformed call; the status tells HTTP tools it is not there.
    sendJson(res, 404, checkCall(method, []));
    return;
  }
  const body = await readBody(req, bodyLimit);
  if (!body.ok) {
    sendJson(res, 413, body, { Connection: 'close' });
    return;
  }
  let args: unknown;
  try {
    args = body.text.trim() === '' ? [] : JSON.parse(body.text);
  } catch (err) {
    sendJson(res, 400, malformed(`${method}: the request body is not JSON (${(err as Error).message})`));
    return;
  }
  const problem = checkCall(method, args);
  if (problem) {
    sendJson(res, 400, problem);
    return;
  }
  sendJson(res, 200, await dispatchCall(api, method, args));
}

function readBody(req: IncomingMessage, limit: number): Promise<{ ok: true; text: string } | ApiError> {
  const tooLarge = (): ApiError => malformed(`request body too large: the limit is ${limit} bytes`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    // Stop reading: a body that large is refused whatever it holds.
    req.resume();
    return Promise.resolve(tooLarge());
  }
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolveBody(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolveBody({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', reject);
  });
}
