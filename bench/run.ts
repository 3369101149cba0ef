// Runs one benchmark: `npm run bench -- NAME` imports bench/NAME.bench.ts, which prints its
// figures and ends with one line of JSON.
const name = process.argv[2];
const available = ["sigma", "evtx", "ingest", "formats"];
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join("|")}>`);
  process.exit(2);
}
await import(`./${name}.bench.ts`);
