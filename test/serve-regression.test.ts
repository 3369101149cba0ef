// Fast enough (about 10 s) to run with `npm test` too: SigmaHQ's regression events through the
// server's ingest, each case's rule found among the alerts.
import "./integration/serve-regression.test.js";
