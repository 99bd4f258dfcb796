// W6 peer configuration: PostGraphile 5's recommended "amber" preset, serving GraphQL only
// (no GraphiQL, no explain), as a production deployment would. The connection and the schema
// (w6_postgraphile, views with smart tags created by the harness) come from the command line.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  grafserv: { graphiql: false, watch: false },
  grafast: { explain: false },
};

export default preset;
