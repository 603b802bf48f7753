/**
 * Runs the CLI from source (`node --import tsx tests/helpers/gleaner-cli.ts ARGS`), so
 * child-process tests exercise the current code without a build step. `bin/gleaner.js`
 * runs the same `main` from dist/ once `npm run build` (or `npm ci`, via prepare) ran.
 */
import { main } from '../../src/cli/index.js';

await main(process.argv.slice(2));
