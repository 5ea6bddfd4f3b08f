const { startEmbeddedPostgres } = require('./dist/src/db/embedded');
const { createLogger } = require('./dist/src/logger');
(async () => { const s = await startEmbeddedPostgres('/tmp/pg17', 55417, createLogger('warn')); await s.ensureDatabase('perf'); console.log('ready'); setInterval(() => {}, 1e9); })();
