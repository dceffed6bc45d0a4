#!/usr/bin/env bash
# The whole test suite, as the README gives it (`npm test`) and CI runs it:
# typecheck, unit tests (Vitest, plain Node), the Python runner's unittest suite, build,
# e2e (Playwright in Debian's Chromium against browser mode), Electron tests (skipped with
# a reason where the binary is missing). Ends with one line "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.."
node scripts/node-version.mjs || exit 2 # an old Node stops here, with how to get Node 24
out=test-results
rm -rf "$out" && mkdir -p "$out"
status=0

record() { # name, exit code: a step that is not a test runner counts as one test
  if [ "$2" -eq 0 ]; then echo "$1 passed" >>"$out/steps.txt"; else echo "$1 failed" >>"$out/steps.txt"; status=1; fi
}

echo "== typecheck"
npm run --silent typecheck; record typecheck $?

echo "== unit tests"
npx vitest run --reporter=default --reporter=json --outputFile="$out/vitest.json" || status=1

echo "== Python runner (unittest)"
# resources/python/runner.py's own functions, with the standard library's unittest. Counted
# into the closing line from python.json; no python3 here is a skip with its reason.
if command -v python3 >/dev/null; then
  python3 - "$out/python.json" <<'PY' || status=1
import json, sys, unittest
suite = unittest.defaultTestLoader.discover("tests/unit/python", pattern="test_*.py")
result = unittest.TextTestRunner(verbosity=1).run(suite)
failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
with open(sys.argv[1], "w") as f:
    json.dump({"run": result.testsRun, "failed": failed, "skipped": len(result.skipped)}, f)
sys.exit(0 if result.wasSuccessful() else 1)
PY
else
  echo '{"run": 0, "failed": 0, "skipped": 1, "reason": "no python3 on PATH"}' >"$out/python.json"
fi

echo "== build"
npm run --silent build >"$out/build.log" 2>&1; rc=$?
[ $rc -eq 0 ] || tail -40 "$out/build.log"
record build $rc

if [ -f tests/e2e/playwright.config.ts ]; then
  echo "== e2e (Chromium, browser mode)"
  PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/$out/e2e.json" npx playwright test -c tests/e2e/playwright.config.ts --reporter=list,json || status=1
fi
if [ -f tests/electron/playwright.config.ts ]; then
  echo "== electron"
  PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/$out/electron.json" npx playwright test -c tests/electron/playwright.config.ts --reporter=list,json || status=1
fi

node scripts/count-results.mjs "$out" || status=1
exit $status
