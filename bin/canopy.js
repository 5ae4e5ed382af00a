#!/usr/bin/env node
// The published entry point runs the CLI's bundle (npm ci builds it through the `prepare` script; scripts/bundle.ts says why a bundle).
import('../dist/bin/canopy.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/bin/canopy.js')) {
    process.stderr.write('canopy: the CLI is not built yet; run `npm run build` (npm ci does it for you)\n');
    process.exit(2);
  }
  throw err;
});
