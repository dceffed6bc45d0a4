// The "Your code" card's starting points: the CPU-bound function of Real Python's
// concurrency article (the classic table comes from it), a JSON parse, and an IO-bound
// GET to the lab's loopback server (whose address the lab puts in LAB_HTTP_URL).
import type { CodeLanguage } from '../../../src-shared/code-workload.ts';

export interface CodeExample {
  id: string;
  title: string;
  language: CodeLanguage;
  source: string;
}

export const CODE_EXAMPLES: CodeExample[] = [
  {
    id: 'py-cpu',
    title: 'Python: sum of squares (CPU-bound, Real Python)',
    language: 'python',
    source: `# CPU-bound: the function from Real Python's "Speed Up Your Python Program With Concurrency".
def task(i):
    n = 1_000_000
    return sum(i * i for i in range(n))
`,
  },
  {
    id: 'py-json',
    title: 'Python: parse JSON',
    language: 'python',
    source: `import json

def setup():
    # Runs once per worker, outside the measured time.
    global DOCUMENT
    DOCUMENT = json.dumps([{"id": k, "name": "item %d" % k, "tags": ["a", "b"]} for k in range(20_000)])

def task(i):
    return len(json.loads(DOCUMENT))
`,
  },
  {
    id: 'py-http',
    title: 'Python: GET from the lab’s loopback server (IO-bound)',
    language: 'python',
    source: `import asyncio
import os
import urllib.request

# The lab starts a loopback server for the run; it answers after latencyMs.
URL = os.environ["LAB_HTTP_URL"] + "?latencyMs=50&bytes=1024"

def task(i):
    with urllib.request.urlopen(URL) as response:
        return len(response.read())

async def task_async(i):
    # For py-asyncio: the standard library has no async HTTP client, so a thread does the blocking GET.
    return await asyncio.to_thread(task, i)
`,
  },
  {
    id: 'js-cpu',
    title: 'JavaScript: sum of squares (CPU-bound)',
    language: 'javascript',
    source: `// CPU-bound: the same sum of squares as Real Python's example.
export default function task(i) {
  const n = 1_000_000;
  let sum = 0;
  for (let x = 0; x < n; x++) sum += x * x;
  return sum;
}
`,
  },
  {
    id: 'js-json',
    title: 'JavaScript: parse JSON',
    language: 'javascript',
    source: `let documentText = '';

// Runs once per worker, outside the measured time.
export function setup() {
  const items = Array.from({ length: 20_000 }, (_, k) => ({ id: k, name: \`item \${k}\`, tags: ['a', 'b'] }));
  documentText = JSON.stringify(items);
}

export default function task(i) {
  return JSON.parse(documentText).length;
}
`,
  },
  {
    id: 'js-http',
    title: 'JavaScript: GET from the lab’s loopback server (IO-bound)',
    language: 'javascript',
    source: `// The lab starts a loopback server for the run; it answers after latencyMs.
const url = \`\${process.env.LAB_HTTP_URL}?latencyMs=50&bytes=1024\`;

export default async function task(i) {
  const response = await fetch(url);
  return (await response.arrayBuffer()).byteLength;
}
`,
  },
];
