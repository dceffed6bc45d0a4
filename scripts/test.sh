#!/usr/bin/env bash
# The whole test suite, as the README gives it (`npm test`) and CI runs it:
# typecheck, unit tests (Vitest, plain Node), build, e2e (Playwright in Debian's
# Chromium against browser mode), Electron tests (skipped with a reason where the
# binary is missing). Ends with one line "N passed, N failed, N skipped".
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
