// Test launcher for the CLI: the same `main()` that bin/gleaner.js calls, run from the
// TypeScript sources through tsx (see extract-cli.test.ts for why not from dist/).
import { main } from '../../../src/cli/index.js';

await main(process.argv.slice(2));
