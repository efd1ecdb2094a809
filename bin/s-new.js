import { main } from '../dist/bundle-new/main.js';
process.exitCode = await main(process.argv.slice(2));
