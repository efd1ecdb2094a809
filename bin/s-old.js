import { main } from '../dist/bundle-old/main.js';
process.exitCode = await main(process.argv.slice(2));
