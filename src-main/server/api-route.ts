// POST /api/<method>: a JSON list of arguments in, the contract's ApiResult out. Errors the
// service reports are data (HTTP 200); only what never reached the service gets another status.
import { constants as bufferConstants } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { RAW_IMPORT_CONTENT_TYPE, type ApiError, type LabApi } from '../../src-shared/contract.ts';
import { checkCall, dispatchCall, isLabMethod, malformed } from '../service/index.ts';

/** A call's JSON argument list; imports, the largest bodies, come apart (below). */
export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;
/**
 * An import sent as the export file itself (RAW_IMPORT_CONTENT_TYPE): as large as the lab
 * exports (one run of 100,000 tasks exports to about 89 MiB), up to the longest string
 * V8 can hold (about 512 MiB), which is what the file becomes to be parsed.
 */
export const DEFAULT_IMPORT_LIMIT = bufferConstants.MAX_STRING_LENGTH;

export interface BodyLimits {
  body: number;
  import: number;
}

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

export async function handleApiCall(api: LabApi, method: string, req: IncomingMessage, res: ServerResponse, limits: BodyLimits): Promise<void> {
  if (req.method !== 'POST') {
    sendJson(res, 405, malformed(`${method}: use POST`), { Allow: 'POST' });
    return;
  }
  if (!isLabMethod(method)) {
    // Same data as any malformed call; the status tells HTTP tools it is not there.
    sendJson(res, 404, checkCall(method, []));
    return;
  }
  // The file itself, not a JSON list holding it as one escaped string: read once, as text, as it
  // streams in, and parsed once by the store.
  if (method === 'importRuns' && req.headers['content-type']?.split(';')[0].trim() === RAW_IMPORT_CONTENT_TYPE) {
    const file = await readBody(req, limits.import);
    if (!file.ok) {
      sendJson(res, 413, file, { Connection: 'close' });
      return;
    }
    sendJson(res, 200, await dispatchCall(api, method, [file.text]));
    return;
  }
  const body = await readBody(req, limits.body);
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
    // Each chunk is decoded as it arrives and dropped: the body is held once, as text,
    // never also as buffers and their concatenation.
    const decoder = new StringDecoder('utf8');
    let text = '';
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        text = '';
        resolveBody(tooLarge());
        return;
      }
      text += decoder.write(chunk);
    });
    req.on('end', () => {
      if (!over) resolveBody({ ok: true, text: text + decoder.end() });
    });
    req.on('error', reject);
  });
}
