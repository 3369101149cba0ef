// The API checks of the fast suite (each Windows shape, mixed, malformed and oversized batches,
// 429, rules, OpenAPI, metrics, restarts) run again in the integration suite.
import "../serve-api.test.js";
